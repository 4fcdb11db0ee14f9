package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * backup, backups, restore, clone and storage from the packaged `dbdock` command line, against
 * the real engine: what a user types, what they read, and what is left on disk afterwards.
 */
@RequiresDocker
class DataCommandsCliIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private static JsonNode entry(JsonNode storage, String role, String instance) {
        for (JsonNode e : storage) {
            if (e.get("role").asText().equals(role) && instance.equals(e.get("instance").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + role + " storage of " + instance + " in " + storage);
    }

    @Test
    void backupRestoreCloneAndStorageFromTheCommandLine() throws Exception {
        CliRunner cli = new CliRunner(t.root.path());
        String name = t.name("cdb");
        String copy = t.name("ccp");
        assertEquals(0, cli.run(null, "create", "--engine", "postgres", "--name", name, "--storage", "folder").code());
        t.write(name, "v1");

        CliRunner.Run backup = cli.run(null, "backup", name);
        assertEquals(0, backup.code(), backup.err());
        assertTrue(backup.out().startsWith("Backed up " + name + " to "), backup.out());
        assertTrue(backup.out().contains("before compression"), backup.out());
        JsonNode backups = Json.mapper().readTree(cli.run(null, "backups", name, "--json").out());
        assertEquals(1, backups.size(), backups.toString());
        Path file = Path.of(backups.get(0).get("file").asText());
        assertTrue(Files.isRegularFile(file));
        assertTrue(cli.run(null, "backups", name).out().contains(file.toString()));

        Path elsewhere = Files.createTempDirectory("dbdock-to").resolve("mine.sql.gz");
        assertEquals(0, cli.run(null, "backup", name, "--to", elsewhere.toString()).code());
        assertTrue(Files.size(elsewhere) > 0);
        CliRunner.Run again = cli.run(null, "backup", name, "--to", elsewhere.toString());
        assertEquals(5, again.code(), "an existing file is not overwritten");
        assertTrue(again.err().contains("already exists"), again.err());

        t.write(name, "v2");
        CliRunner.Run unconfirmed = cli.run(null, "restore", name, file.toString());
        assertEquals(2, unconfirmed.code(), unconfirmed.err());
        assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.err());
        assertEquals(List.of("v1", "v2"), t.read(name), "nothing changed without confirmation");

        CliRunner.Run restore = cli.run(null, "restore", name, file.toString(), "--yes");
        assertEquals(0, restore.code(), restore.err());
        assertTrue(restore.out().contains("it is Ready"), restore.out());
        assertEquals(List.of("v1"), t.read(name));
        assertFalse(restore.err().contains("Exception"), restore.err());

        // Without a FILE: the newest backup (the one in the backups folder; --to files are the user's own).
        t.write(name, "v3");
        CliRunner.Run newest = cli.run(null, "restore", name, "--yes");
        assertEquals(0, newest.code(), newest.err());
        assertTrue(newest.err().contains("The newest backup of " + name + ": " + file.getFileName()), newest.err());
        assertEquals(List.of("v1"), t.read(name), "back to the newest backup");

        String fresh = t.name("cnew");
        CliRunner.Run asNew = cli.run(null, "restore", fresh, file.toString(), "--new");
        assertEquals(0, asNew.code(), asNew.err());
        assertTrue(asNew.out().startsWith("Created " + fresh + " (postgres "), asNew.out());
        assertEquals(List.of("v1"), t.read(fresh));
        assertEquals(0, cli.run(null, "rm", fresh, "--delete-data", "--yes").code());

        CliRunner.Run clone = cli.run(null, "clone", name, copy);
        assertEquals(0, clone.code(), clone.err());
        assertTrue(clone.out().startsWith("Cloned " + name + " into " + copy), clone.out());
        assertEquals(List.of("v1"), t.read(copy));

        JsonNode storage = Json.mapper().readTree(cli.run(null, "storage", "list", "--json").out());
        JsonNode inUse = entry(storage, "in_use", name);
        JsonNode previous = entry(storage, "previous", name);
        entry(storage, "in_use", copy);
        entry(storage, "backups", name);
        assertTrue(inUse.get("running").asBoolean());
        assertTrue(previous.get("bytes").asLong() > 1_000_000, "a postgres folder is measured: " + previous);
        String table = cli.run(null, "storage", "list").out();
        assertTrue(table.contains(previous.get("name").asText()) && table.contains("Total: "), table);

        CliRunner.Run refused = cli.run(null, "storage", "rm", inUse.get("name").asText(), "--force");
        assertEquals(5, refused.code());
        assertTrue(refused.err().contains("in use by the running instance"), refused.err());
        CliRunner.Run asks = cli.run(null, "storage", "rm", previous.get("name").asText());
        assertEquals(2, asks.code(), "asks first, and without a terminal refuses");
        assertTrue(Files.isDirectory(Path.of(previous.get("location").asText())));
        CliRunner.Run removed = cli.run(null, "storage", "rm", previous.get("name").asText(), "--force");
        assertEquals(0, removed.code(), removed.err());
        assertFalse(Files.exists(Path.of(previous.get("location").asText())), "the old data folder is gone");
        assertEquals(List.of("v1"), t.read(name), "the instance still runs on its restored data");

        // Data kept from a deleted instance is orphaned; --orphans removes it.
        assertEquals(0, cli.run(null, "rm", copy, "--yes").code());
        List<String> orphans = new ArrayList<>();
        Json.mapper().readTree(cli.run(null, "storage", "list", "--json").out())
                .forEach(e -> { if (e.get("role").asText().equals("orphaned")) { orphans.add(e.get("location").asText()); } });
        assertEquals(1, orphans.size(), orphans.toString());
        CliRunner.Run orphansRemoved = cli.run(null, "storage", "rm", "--orphans", "--force");
        assertEquals(0, orphansRemoved.code(), orphansRemoved.err());
        assertFalse(Files.exists(Path.of(orphans.get(0))), "the deleted instance's kept data is gone");
        assertEquals("There is no orphaned storage.", cli.run(null, "storage", "rm", "--orphans").out().trim());
    }

    @Test
    void upgradeAndRollbackFromTheCommandLine() throws Exception {
        CliRunner cli = new CliRunner(t.root.path());
        String name = t.name("cup");
        assertEquals(0, cli.run(null, "create", "--engine", "redis", "--version", "7.4", "--name", name).code());
        t.write(name, "k");
        CliRunner.Run unconfirmed = cli.run(null, "upgrade", name, "--to", "8");
        assertEquals(2, unconfirmed.code(), unconfirmed.err());
        assertEquals("7.4", t.record(name).version());
        CliRunner.Run down = cli.run(null, "upgrade", name, "--to", "7.4", "--yes");
        assertEquals(2, down.code());
        assertTrue(down.err().contains("already runs"), down.err());

        CliRunner.Run up = cli.run(null, "upgrade", name, "--to", "8", "--yes");
        assertEquals(0, up.code(), up.err());
        assertTrue(up.out().startsWith("Upgraded " + name + " to redis 8"), up.out());
        assertTrue(up.out().contains("match the original") && up.out().contains("--rollback"), up.out());
        assertEquals(List.of("k"), t.read(name));

        CliRunner.Run back = cli.run(null, "upgrade", name, "--rollback", "--yes");
        assertEquals(0, back.code(), back.err());
        assertTrue(back.out().startsWith("Rolled " + name + " back to redis 7.4"), back.out());
        assertEquals("7.4", t.record(name).version());
        CliRunner.Run again = cli.run(null, "upgrade", name, "--rollback", "--yes");
        assertEquals(5, again.code());
        assertTrue(again.err().contains("no upgrade to roll back"), again.err());
    }
}

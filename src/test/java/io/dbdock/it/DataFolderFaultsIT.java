package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.model.InstanceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An instance's data folder deleted, or replaced by a symbolic link to somewhere else: starting
 * says so plainly instead of running the database on an empty (or foreign) folder, and deleting
 * the instance with its data never follows the link: nothing outside the instance's folder goes.
 */
@RequiresDocker
class DataFolderFaultsIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private Path dataOf(InstanceRecord r) {
        return Path.of(r.home()).resolve("data");
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** A Ready redis instance of that name (left running: each test stops it itself). */
    private InstanceRecord redis(String name) {
        t.create(CreateRequest.of("redis").withName(name));
        return t.record(name);
    }

    private static String running(InstanceRecord r) throws Exception {
        return Docker.run("inspect", "-f", "{{.State.Running}}", r.containerName());
    }

    @Test
    void aDeletedDataFolderIsNotSilentlyReplacedByAnEmptyOne() throws Exception {
        String name = t.name("gone");
        InstanceRecord r = redis(name);
        t.service.stop(name);
        deleteTree(dataOf(r));

        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.start(name, true));
        assertEquals(Problem.CONFLICT, e.problem());
        assertTrue(e.getMessage().contains("is missing") && e.getMessage().contains(dataOf(r).toString()), e.getMessage());
        assertEquals("false", running(r));
        assertFalse(Files.exists(dataOf(r)), "no empty folder was made in its place");
    }

    @Test
    void aSymlinkedDataFolderIsRefusedAndDeletionNeverFollowsIt() throws Exception {
        String name = t.name("link");
        InstanceRecord r = redis(name);
        t.service.stop(name);
        Path elsewhere = Files.createTempDirectory("dbdock-elsewhere");
        Path precious = Files.writeString(elsewhere.resolve("precious.txt"), "not dbdock's");
        deleteTree(dataOf(r));
        Files.createSymbolicLink(dataOf(r), elsewhere);
        try {
            UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.start(name, true));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            assertEquals("false", running(r));

            t.service.delete(name, true);
            assertTrue(Files.isRegularFile(precious), "the link's target keeps its files");
            assertEquals("not dbdock's", Files.readString(precious));
            assertFalse(Files.exists(Path.of(r.home())), "the instance's own folder is gone");
            assertEquals(List.of(), t.service.snapshots().stream().filter(s -> s.name().equals(name)).toList());
        } finally {
            deleteTree(elsewhere);
        }
    }

    /**
     * The disk holding the data folder is remounted read-only: starting and deleting with data
     * both say so and change nothing (the container and the record stay); once it is writable
     * again the instance starts with its data.
     */
    @Test
    void aReadOnlyDataFolderIsReportedAndNothingChanges() throws Exception {
        if (!"0".equals(sh("id", "-u").trim())) {
            Requirements.unavailable("dbdock.docker.required", "READ-ONLY FOLDER TEST SKIPPED: a read-only bind mount needs root");
        }
        String name = t.name("ro");
        InstanceRecord r = redis(name);
        EngineSpec engine = t.service.engine(r);
        DataClient.write(engine, t.service.endpoint(r), "kept");
        t.service.stop(name);
        Path data = dataOf(r);
        assertEquals("", sh("mount", "--bind", data.toString(), data.toString()).trim());
        try {
            assertEquals("", sh("mount", "-o", "remount,ro,bind", data.toString()).trim());
            UserFacingException start = assertThrows(UserFacingException.class, () -> t.service.start(name, true));
            assertEquals(Problem.CONFLICT, start.problem());
            assertTrue(start.getMessage().contains("read-only") && start.getMessage().contains(data.toString()), start.getMessage());
            assertEquals("false", running(r));

            UserFacingException delete = assertThrows(UserFacingException.class, () -> t.service.delete(name, true));
            assertTrue(delete.getMessage().contains("read-only"), delete.getMessage());
            assertEquals("false", running(r), "the container is still there");
            assertEquals(r, t.record(name), "the record is unchanged");
        } finally {
            sh("umount", data.toString());
        }
        t.service.start(name, true);
        assertEquals(List.of("kept"), DataClient.read(engine, t.service.endpoint(r)));
    }

    private static String sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}

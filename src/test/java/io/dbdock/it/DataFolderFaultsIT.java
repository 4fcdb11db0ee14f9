package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.instance.CreateRequest;
import io.dbdock.store.InstanceRecord;
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

    private static String running(InstanceRecord r) throws Exception {
        return Docker.run("inspect", "-f", "{{.State.Running}}", r.containerName());
    }

    @Test
    void aDeletedDataFolderIsNotSilentlyReplacedByAnEmptyOne() throws Exception {
        String name = t.name("gone");
        t.create(CreateRequest.of("redis").withName(name));
        InstanceRecord r = t.record(name);
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
        t.create(CreateRequest.of("redis").withName(name));
        InstanceRecord r = t.record(name);
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
}

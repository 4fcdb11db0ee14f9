package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.store.TestRecords;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The disk fills while the instance list is written (a 1 MiB tmpfs as the data root, filled up
 * to a chosen number of free bytes): the write fails with a message that says to free space, and
 * the previous list and its backup stay intact and readable, with no temporary files left over.
 */
@RequiresDocker
class DiskFullIT {
    private static final Path MOUNT = Path.of("/tmp/dbdock-it-full");
    private DataRoot root;

    @BeforeEach
    void mount() throws Exception {
        Requirements.requireDocker(); // a fault test: mandatory wherever the Docker tests are
        if (!"0".equals(run("id", "-u").trim())) {
            Requirements.unavailable("dbdock.docker.required", "DISK-FULL TEST SKIPPED: mounting a tmpfs needs root");
        }
        Files.createDirectories(MOUNT);
        run("umount", MOUNT.toString());
        assertEquals("", run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", MOUNT.toString()).trim());
        root = new DataRoot(MOUNT.resolve("dbdock"));
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", MOUNT.toString());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Fills the file system until only about {@code free} bytes are left. */
    private static void fillLeaving(long free) throws IOException {
        Path filler = MOUNT.resolve("filler");
        long usable = Files.getFileStore(MOUNT).getUsableSpace();
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer block = ByteBuffer.allocate(1024);
            long toWrite = Math.max(0, usable - free);
            for (long written = 0; written < toWrite; written += 1024) {
                block.clear();
                ch.write(block);
            }
        } catch (IOException full) {
            // Filled a little past the target: fine for these tests.
        }
    }

    private InstanceStore storeWith(int records) {
        InstanceStore store = new InstanceStore(root);
        for (int i = 0; i < records; i++) {
            InstanceRecord r = TestRecords.record("db-" + i, 20000 + i);
            store.update(list -> list.add(r));
        }
        return store;
    }

    private void assertWriteFailsAndNothingChanges(InstanceStore store) throws Exception {
        byte[] before = Files.readAllBytes(root.instancesFile());
        Path backup = root.instancesFile().resolveSibling("instances.json.bak");
        byte[] backupBefore = Files.readAllBytes(backup);
        int count = store.load().size();

        UserFacingException e = assertThrows(UserFacingException.class,
                () -> store.update(list -> list.add(TestRecords.record("one-more", 30000))));
        assertTrue(e.getMessage().contains("free disk space"), e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(root.instancesFile()), "the previous list is intact");
        assertArrayEquals(backupBefore, Files.readAllBytes(backup), "and so is its backup");
        assertEquals(count, new InstanceStore(root).load().size(), "a fresh reader gets every record");
        try (var files = Files.list(root.path())) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), left, "no temporary files are left to eat the last bytes");
        }
    }

    @Test
    void noRoomForTheNewListKeepsTheOldOne() throws Exception {
        InstanceStore store = storeWith(30);
        fillLeaving(0);
        assertWriteFailsAndNothingChanges(store);
    }

    @Test
    void roomForTheNewListButNotForItsBackupKeepsBoth() throws Exception {
        // The backup holds one record and the list forty: replacing the backup needs far more room than it frees.
        InstanceStore store = storeWith(1);
        store.update(list -> {
            for (int i = 0; i < 40; i++) {
                list.add(TestRecords.record("many-" + i, 21000 + i));
            }
            return null;
        });
        long size = Files.size(root.instancesFile());
        // tmpfs allocates whole pages: room for the new list's pages, not for a second copy as well.
        fillLeaving(size + 4096);
        assertWriteFailsAndNothingChanges(store);
        assertFalse(Files.exists(root.instancesFile().resolveSibling("instances.json.bak.tmp")));
    }
}

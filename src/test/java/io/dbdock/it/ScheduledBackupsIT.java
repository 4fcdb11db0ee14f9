package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.backup.BackupInfo;
import io.dbdock.instance.CreateRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Automatic backups as the running app makes them (its timer calls runScheduledBackups): due ones
 * are made for running instances, scheduled ones beyond "keep" are deleted, backups made by hand
 * stay; set from the command line.
 */
@RequiresDocker
class ScheduledBackupsIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private List<BackupInfo> scheduled(String name) {
        return t.service.backups(name).stream().filter(BackupInfo::scheduled).toList();
    }

    @Test
    void dueBackupsAreMadeAndOldScheduledOnesPruned() throws Exception {
        String name = t.name("sched");
        String stopped = t.name("sched-off");
        t.create(CreateRequest.of("redis").withName(name));
        t.create(CreateRequest.of("redis").withName(stopped));
        t.write(name, "v");
        CliRunner cli = new CliRunner(t.root.path());
        CliRunner.Run set = cli.run(null, "schedule", name, "--daily", "--keep", "2");
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().contains("every 24 hours") && set.out().contains("newest 2"), set.out());
        CliRunner.Run bad = cli.run(null, "schedule", name, "--every", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("every 1 to 720 hours"), bad.err());
        assertEquals(0, cli.run(null, "schedule", stopped, "--daily").code());
        t.service.stop(stopped);

        Instant now = Instant.now();
        List<io.dbdock.instance.ScheduledBackup> first = t.service.runScheduledBackups(now);
        assertEquals(1, first.size(), first.toString());
        assertTrue(first.get(0).ok() && first.get(0).message().startsWith("Backed up " + name + " (scheduled)"), first.toString());
        assertEquals(List.of(), t.service.backups(stopped), "a stopped instance's data does not change: no backup");
        assertEquals(List.of(), t.service.runScheduledBackups(now.plus(Duration.ofHours(1))), "not due an hour later");

        BackupInfo byHand = t.service.backup(name, null, null);
        t.service.runScheduledBackups(now.plus(Duration.ofHours(25)));
        t.service.runScheduledBackups(now.plus(Duration.ofHours(50)));
        assertEquals(2, scheduled(name).size(), "keep 2: the oldest scheduled one was deleted");
        assertTrue(t.service.backups(name).stream().anyMatch(b -> b.file().equals(byHand.file())), "a backup made by hand stays");
        String firstFile = first.get(0).made().file().getFileName().toString();
        assertTrue(scheduled(name).stream().noneMatch(b -> b.file().getFileName().toString().equals(firstFile)),
                "the oldest scheduled backup is the one deleted");

        assertEquals(0, cli.run(null, "schedule", name, "--off").code());
        assertTrue(cli.run(null, "schedule", name).out().startsWith("No automatic backups of " + name));
        assertEquals(List.of(), t.service.runScheduledBackups(now.plus(Duration.ofDays(30))));
    }
}

package io.dbdock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupScheduleTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static BackupInfo backup(String name, Duration age, boolean scheduled) {
        return new BackupInfo(Path.of(name), "shop", "redis", "8", "img", NOW.minus(age), 1, 1, "x", scheduled);
    }

    @Test
    void aBackupIsDueOneIntervalAfterTheNewestOne() {
        BackupSchedule daily = BackupSchedule.daily(3);
        assertTrue(daily.isDue(Optional.empty(), NOW), "never backed up");
        assertFalse(daily.isDue(Optional.of(NOW.minus(Duration.ofHours(23))), NOW));
        assertTrue(daily.isDue(Optional.of(NOW.minus(Duration.ofHours(24))), NOW));
        assertTrue(new BackupSchedule(6, 3).isDue(Optional.of(NOW.minus(Duration.ofHours(7))), NOW));
    }

    @Test
    void onlyScheduledBackupsBeyondKeepAreSurplusOldestFirst() {
        List<BackupInfo> all = List.of(backup("s1", Duration.ofDays(1), true), backup("manual-old", Duration.ofDays(9), false),
                backup("s3", Duration.ofDays(3), true), backup("s2", Duration.ofDays(2), true), backup("s4", Duration.ofDays(4), true));
        assertEquals(List.of("s3", "s4"), BackupSchedule.daily(2).surplus(all).stream().map(b -> b.file().toString()).toList());
        assertEquals(List.of(), BackupSchedule.daily(4).surplus(all));
    }

    @Test
    void nonsenseIsRefusedInWordsAndASavedScheduleReadsBack(@TempDir Path home) {
        assertNotNull(BackupSchedule.problemWith(0, 7));
        assertNotNull(BackupSchedule.problemWith(24, 0));
        assertNull(BackupSchedule.problemWith(24, 7));
        assertEquals(Optional.empty(), BackupSchedule.read(home));
        BackupSchedule.write(home, Optional.of(BackupSchedule.daily(5)));
        assertEquals(Optional.of(new BackupSchedule(24, 5)), BackupSchedule.read(home));
        BackupSchedule.write(home, Optional.empty());
        assertEquals(Optional.empty(), BackupSchedule.read(home));
    }
}

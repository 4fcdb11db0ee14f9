package io.dbdock.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadOnlyMountsTest {
    private static final List<String> MOUNTINFO = List.of(
            "21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "30 21 8:2 / /srv/archive ro,relatime shared:2 - ext4 /dev/sda2 ro",
            "40 21 8:1 /home/ann/db/data /home/ann/db/data ro,relatime shared:1 - ext4 /dev/sda1 rw",
            "41 21 8:3 / /media/my\\040disk rw,nosuid - vfat /dev/sdb1 rw",
            "42 30 8:2 /x /srv/archive/x rw,relatime - ext4 /dev/sda2 rw");

    @Test
    void theNearestMountPointDecides() {
        assertFalse(ReadOnlyMounts.readOnlyIn(MOUNTINFO, Path.of("/home/ann/db")));
        assertTrue(ReadOnlyMounts.readOnlyIn(MOUNTINFO, Path.of("/home/ann/db/data")), "a read-only bind mount on the same disk");
        assertTrue(ReadOnlyMounts.readOnlyIn(MOUNTINFO, Path.of("/home/ann/db/data/base")));
        assertTrue(ReadOnlyMounts.readOnlyIn(MOUNTINFO, Path.of("/srv/archive/y")));
        assertFalse(ReadOnlyMounts.readOnlyIn(MOUNTINFO, Path.of("/srv/archive/x/z")), "a writable mount inside a read-only one");
        assertFalse(ReadOnlyMounts.readOnlyIn(MOUNTINFO, Path.of("/srv/archived")), "a name that only starts like a mount point");
    }

    @Test
    void escapedSpacesInMountPointsAreRead() {
        assertFalse(ReadOnlyMounts.readOnlyIn(List.of("21 1 8:1 / / ro - ext4 /dev/sda1 ro",
                "41 21 8:3 / /media/my\\040disk rw,nosuid - vfat /dev/sdb1 rw"), Path.of("/media/my disk/db")));
    }

    @Test
    void aLaterMountOverTheSamePointWins() {
        assertTrue(ReadOnlyMounts.readOnlyIn(List.of("21 1 8:1 / / rw - ext4 /dev/sda1 rw",
                "50 21 8:1 /d /d rw - ext4 /dev/sda1 rw", "51 50 8:1 /d /d ro - ext4 /dev/sda1 rw"), Path.of("/d/e")));
    }
}

package io.dbdock.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a folder lies on a read-only mount. Java's FileStore walks up by device number and so
 * misses a read-only bind mount of a folder on the same disk; Linux's mountinfo names every mount
 * point with its own options, so the longest mount point above the folder decides there.
 */
final class ReadOnlyMounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private ReadOnlyMounts() {
    }

    static boolean isReadOnly(Path folder) throws IOException {
        Path real = folder.toRealPath();
        if (!Files.isReadable(MOUNTINFO)) {
            return Files.getFileStore(real).isReadOnly();
        }
        return readOnlyIn(Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8), real);
    }

    /** mountinfo lines: id parent major:minor root mount-point options ... (man 5 proc). */
    static boolean readOnlyIn(List<String> mountinfo, Path folder) {
        Path best = null;
        boolean readOnly = false;
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            if (fields.length < 6) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            // Later lines are mounted over earlier ones at the same point, so >= keeps the last.
            if (folder.startsWith(mountPoint) && (best == null || mountPoint.getNameCount() >= best.getNameCount())) {
                best = mountPoint;
                readOnly = List.of(fields[5].split(",")).contains("ro");
            }
        }
        return readOnly;
    }

    /** Spaces, tabs, newlines and backslashes in mount points are written as octal escapes. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

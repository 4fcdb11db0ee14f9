package io.dbdock.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The folder where dbdock keeps everything of its own: instance records, settings, secrets,
 * data folders and logs. {@code DBDOCK_HOME} overrides the platform default.
 */
public record DataRoot(Path path) {

    public static DataRoot fromEnvironment() {
        return new DataRoot(resolve(System.getenv(), Platform.current(), Path.of(System.getProperty("user.home"))));
    }

    /** Linux: $XDG_DATA_HOME/dbdock or ~/.local/share/dbdock; Windows: %LOCALAPPDATA%\dbdock; macOS: Application Support. */
    static Path resolve(Map<String, String> env, Platform platform, Path home) {
        String override = env.get("DBDOCK_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        return switch (platform) {
            case WINDOWS -> {
                String local = env.get("LOCALAPPDATA");
                yield (local != null && !local.isBlank() ? Path.of(local) : home.resolve("AppData").resolve("Local"))
                        .resolve("dbdock");
            }
            case MACOS -> home.resolve("Library").resolve("Application Support").resolve("dbdock");
            case LINUX -> {
                String xdg = env.get("XDG_DATA_HOME");
                yield (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share"))
                        .resolve("dbdock");
            }
        };
    }

    /**
     * A short stable id of this data root, put on every container so that a rebuilt instance list
     * only takes back this root's instances (tests and users may run several roots on one engine).
     */
    public String id() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(path.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path instancesFile() {
        return path.resolve("instances.json");
    }

    public Path settingsFile() {
        return path.resolve("settings.json");
    }

    public Path instancesDir() {
        return path.resolve("instances");
    }

    public Path backupsDir() {
        return path.resolve("backups");
    }

    public Path logsDir() {
        return path.resolve("logs");
    }

    /** Creates the root (and the given sub-folder) readable by the current user only. */
    public Path ensurePrivateDir(Path dir) {
        try {
            for (Path p : new Path[] {path, dir}) {
                if (!Files.isDirectory(p)) {
                    Files.createDirectories(p);
                    restrictToOwner(p);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    public static void restrictToOwner(Path p) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }
}

package io.dbdock.ports;

import io.dbdock.common.Platform;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which program listens on a TCP port, where the system says: on Linux, the listening socket's
 * inode from /proc/net/tcp and tcp6, then the process whose descriptors hold it. Only processes
 * this user may look into are found (a root-owned server stays "another program").
 */
public final class PortHolder {
    private static final String LISTEN = "0A";

    private PortHolder() {
    }

    /** "redis-server, process 1234", or empty when the system does not say. */
    public static Optional<String> describe(int port) {
        if (Platform.current() != Platform.LINUX) {
            return Optional.empty();
        }
        return describe(Path.of("/proc"), port);
    }

    static Optional<String> describe(Path proc, int port) {
        try {
            Optional<Long> inode = Optional.empty();
            for (String table : List.of("net/tcp", "net/tcp6")) {
                Path file = proc.resolve(table);
                if (inode.isEmpty() && Files.isReadable(file)) {
                    inode = listeningInode(Files.readAllLines(file), port);
                }
            }
            return inode.isEmpty() ? Optional.empty() : owner(proc, inode.get());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a best-effort detail: the message without it is still right
        }
    }

    /**
     * Every port something listens on, from the lines of /proc/net/tcp and /proc/net/tcp6 (their
     * header lines anywhere), on any address: a listener on 0.0.0.0 or :: blocks 127.0.0.1 as well.
     */
    public static java.util.Set<Integer> listeningPorts(List<String> lines) {
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            int colon = f.length > 3 ? f[1].lastIndexOf(':') : -1;
            if (colon > 0 && LISTEN.equals(f[3])) {
                try {
                    ports.add(Integer.parseInt(f[1].substring(colon + 1), 16));
                } catch (NumberFormatException notATableLine) {
                    // a header or something else in between
                }
            }
        }
        return ports;
    }

    /** The inode of a socket listening on the port, from the lines of /proc/net/tcp (its header first). */
    static Optional<Long> listeningInode(List<String> lines, int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            if (f.length > 9 && f[1].endsWith(hexPort) && LISTEN.equals(f[3]) && !"0".equals(f[9])) {
                return Optional.of(Long.parseLong(f[9]));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> owner(Path proc, long inode) throws IOException {
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                if (holds(process.resolve("fd"), target)) {
                    String name = Files.readString(process.resolve("comm")).strip();
                    return Optional.of(name + ", process " + process.getFileName());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path fds, String target) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(fds)) {
            for (Path fd : descriptors) {
                try {
                    if (target.equals(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            }
        } catch (IOException | SecurityException notOurs) {
            // another user's process, or gone
        }
        return false;
    }
}

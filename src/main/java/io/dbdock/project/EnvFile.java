package io.dbdock.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lines dbdock keeps in a project's env file: only its own keys, between two marker comments,
 * and every other line of the user's file exactly as it was. A file that is not there yet is
 * created readable by its owner only (it holds passwords).
 */
public final class EnvFile {
    static final String BEGIN = "# >>> dbdock: written by `dbdock up` from dbdock.json; changes between these lines are replaced";
    static final String END = "# <<< dbdock";
    /** Values that every .env reader takes as they are, without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,?&-]*");

    private EnvFile() {
    }

    /** The KEY=value lines for these values, quoted where a reader would otherwise cut or change them. */
    public static List<String> lines(Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        values.forEach((k, v) -> lines.add(k + "=" + quote(v)));
        return lines;
    }

    static String quote(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        // Single quotes are literal in dotenv, compose, Laravel and python-dotenv alike (no $ expansion).
        if (value.indexOf('\'') < 0 && value.indexOf('\n') < 0) {
            return "'" + value + "'";
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("$", "\\$") + "\"";
    }

    /**
     * The file's new text: the managed block replaced (or added at the end), every other line kept.
     * {@code existing} is null for a file that is not there.
     */
    static String merge(String existing, List<String> managed) {
        List<String> block = new ArrayList<>();
        block.add(BEGIN);
        block.addAll(managed);
        block.add(END);
        if (existing == null || existing.isEmpty()) {
            return String.join("\n", block) + "\n";
        }
        List<String> lines = new ArrayList<>(existing.lines().toList());
        int begin = lines.indexOf(BEGIN);
        int end = begin < 0 ? -1 : lines.subList(begin, lines.size()).indexOf(END);
        if (begin >= 0 && end >= 0) {
            List<String> out = new ArrayList<>(lines.subList(0, begin));
            out.addAll(block);
            out.addAll(lines.subList(begin + end + 1, lines.size()));
            return String.join("\n", out) + "\n";
        }
        StringBuilder text = new StringBuilder(existing);
        if (!existing.endsWith("\n")) {
            text.append('\n');
        }
        return text.append(String.join("\n", block)).append('\n').toString();
    }

    /** Keys the user's own lines (outside the block) also set: a reader may take either, so the user should know. */
    static List<String> alsoSetOutside(String existing, Set<String> keys) {
        if (existing == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        boolean inside = false;
        for (String line : existing.lines().toList()) {
            if (line.equals(BEGIN)) {
                inside = true;
            } else if (line.equals(END)) {
                inside = false;
            } else if (!inside) {
                String t = line.strip();
                if (t.startsWith("export ")) {
                    t = t.substring("export ".length()).strip();
                }
                int eq = t.indexOf('=');
                if (eq > 0 && keys.contains(t.substring(0, eq).strip()) && !found.contains(t.substring(0, eq).strip())) {
                    found.add(t.substring(0, eq).strip());
                }
            }
        }
        return found;
    }

    /**
     * Writes the managed lines into the file (atomically: a reader sees the old file or the new
     * one), keeping its permissions. Nothing is written when the text would not change.
     */
    public static Written write(Path file, Map<String, String> values) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        String text = merge(existing, lines(values));
        List<String> twice = alsoSetOutside(existing, values.keySet());
        if (text.equals(existing)) {
            return new Written(false, twice); // the file (and its time) stays as it is
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Set<PosixFilePermission> mode = existing != null && isPosix(file)
                ? Files.getPosixFilePermissions(file) : PosixFilePermissions.fromString("rw-------");
        Path temp = dir.resolve("." + file.getFileName() + ".dbdock-" + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            if (isPosix(dir)) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(temp, mode);
            } else {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("a temporary file " + temp + " is in the way", e);
        } finally {
            Files.deleteIfExists(temp);
        }
        return new Written(true, twice);
    }

    /**
     * @param changed     whether the file's text changed
     * @param alsoOutside the keys the user's own lines (outside the block) also set
     */
    public record Written(boolean changed, List<String> alsoOutside) {
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

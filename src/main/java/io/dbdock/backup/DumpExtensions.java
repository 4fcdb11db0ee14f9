package io.dbdock.backup;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PostgreSQL extensions a SQL dump creates, read while the dump streams past: pg_dump writes
 * one line {@code CREATE EXTENSION IF NOT EXISTS name WITH SCHEMA s;} per extension of each
 * database. A restore uses them to refuse, before anything changes, an instance whose image lacks
 * one of them (a pgvector dump into plain PostgreSQL).
 */
public final class DumpExtensions {
    private static final byte[] START = "CREATE EXTENSION ".getBytes(StandardCharsets.US_ASCII);
    /** Longer lines cannot be the statement (a name is at most 63 bytes); only their start is kept. */
    private static final int LINE_LIMIT = 200;

    private final byte[] line = new byte[LINE_LIMIT];
    private int length;
    private final Set<String> found = new TreeSet<>();

    public void add(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '\n') {
                endLine();
            } else if (length < LINE_LIMIT) {
                line[length++] = c;
            }
        }
    }

    private void endLine() {
        if (length > START.length && startsWithStatement()) {
            String rest = new String(line, START.length, length - START.length, StandardCharsets.UTF_8).trim();
            if (rest.startsWith("IF NOT EXISTS ")) {
                rest = rest.substring("IF NOT EXISTS ".length()).trim();
            }
            String name = rest.split("[\\s;]", 2)[0];
            if (name.startsWith("\"") && name.endsWith("\"") && name.length() > 1) {
                name = name.substring(1, name.length() - 1);
            }
            if (!name.isEmpty()) {
                found.add(name.toLowerCase(Locale.ROOT));
            }
        }
        length = 0;
    }

    private boolean startsWithStatement() {
        for (int i = 0; i < START.length; i++) {
            if (line[i] != START[i]) {
                return false;
            }
        }
        return true;
    }

    /** The extension names seen so far (a last line without its newline counts too). */
    public Set<String> names() {
        if (length > 0) {
            endLine();
        }
        return Set.copyOf(found);
    }
}

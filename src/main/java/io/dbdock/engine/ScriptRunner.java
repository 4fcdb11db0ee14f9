package io.dbdock.engine;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * How an engine runs a project's init file inside its container, with its own client logged in
 * from the password file: which files it takes, the command, and how the file reaches it.
 *
 * @param extensions the file names it takes, by their ending (".sql", ".sql.gz"); empty: any file
 * @param command    the client, given the credentials and, for {@link Feed#COPIED_FILE}, the file's path in the container
 * @param feed       how the file reaches the client, which also says where a failure is reported
 */
public record ScriptRunner(List<String> extensions, BiFunction<Credentials, String, List<String>> command, Feed feed) {

    public enum Feed {
        /** On the client's input; it stops at the first error and names the line (psql, mysql). */
        SQL_INPUT,
        /** One command per line on the client's input, each announced by an ECHO of its line number (redis-cli). */
        COMMAND_LINES,
        /** Copied into the container and loaded by the client (mongosh). */
        COPIED_FILE
    }

    public boolean takes(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return extensions.isEmpty() || extensions.stream().anyMatch(lower::endsWith);
    }

    /** What the files may end with, for a message ("a .sql or .sql.gz file"). */
    public String describeExtensions() {
        return extensions.isEmpty() ? "any file" : "a " + String.join(" or ", extensions) + " file";
    }
}

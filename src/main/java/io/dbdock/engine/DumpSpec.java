package io.dbdock.engine;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * How an engine's own tools, run inside its container, make a logical dump of a running instance
 * and load one into a fresh instance. Commands are {@code sh -c} scripts that read the password
 * from the container's password file, so it never appears in an argument list.
 *
 * @param extension      file extension of a dump ("sql", "rdb", "archive"); backups add ".gz"
 * @param tools          the programs the dump needs, named in the message when an image lacks them
 * @param dump           writes the dump to standard output
 * @param load           how a dump gets into a fresh instance
 * @param header         bytes every dump of this engine starts with (text is compared as ASCII)
 * @param ending         how the last bytes of a complete dump look (a cut-short file fails it)
 * @param harmlessError  load errors that are expected on a freshly initialised instance
 *                       (for example "role already exists" for the instance's own user)
 * @param resetPassword  sets the instance user's password inside the database to the one in the
 *                       password file (after a restore of dumped roles, and for fix-password);
 *                       empty when the password is not kept in the data
 * @param counts         prints one line per table (or Redis database): its name, a space and its
 *                       row (key) count, to compare an upgraded copy with the original; empty when
 *                       the engine has no such check here
 */
public record DumpSpec(
        String extension,
        String tools,
        Function<Credentials, List<String>> dump,
        Load load,
        List<String> header,
        Ending ending,
        BiPredicate<Credentials, String> harmlessError,
        Optional<PasswordRepair> resetPassword,
        Optional<Function<Credentials, List<String>>> counts) {

    /**
     * @param streamCommand  reads a dump from standard input into the running server (null for a data file)
     * @param dataFile       name of the file the dump becomes in the data folder before the server starts
     * @param startArguments added to the server command for the start that loads the data file
     * @param afterLoad      run once the server has loaded the data file, before it restarts normally
     */
    public record Load(Function<Credentials, List<String>> streamCommand, String dataFile, List<String> startArguments,
                       List<String> afterLoad) {
        public static Load stream(Function<Credentials, List<String>> command) {
            return new Load(command, null, List.of(), List.of());
        }

        public static Load dataFile(String name, List<String> startArguments, List<String> afterLoad) {
            return new Load(null, name, startArguments, afterLoad);
        }

        public boolean intoRunningServer() {
            return streamCommand != null;
        }
    }

    /** The end of a complete dump: a closing line of text, a format's end mark, or anything. */
    public record Ending(String description, java.util.function.Predicate<byte[]> test) {
        /**
         * The last line that says something (not blank, not a bare "--", not psql's
         * unrestrict line) starts with one of the given texts: SQL dumps close with such a comment.
         */
        public static Ending closingLine(String... accepted) {
            return new Ending("the closing line '" + accepted[0] + "'", tail -> {
                String[] lines = new String(tail, java.nio.charset.StandardCharsets.ISO_8859_1).split("\\R");
                for (int i = lines.length - 1; i >= 0; i--) {
                    String line = lines[i].strip();
                    if (line.isEmpty() || line.equals("--") || line.startsWith("\\unrestrict")) {
                        continue;
                    }
                    return java.util.Arrays.stream(accepted).anyMatch(line::startsWith);
                }
                return false;
            });
        }

        /** An RDB file ends with the EOF opcode 0xFF and an 8-byte checksum. */
        public static Ending rdb() {
            return new Ending("the RDB end mark", tail -> tail.length >= 9 && (tail[tail.length - 9] & 0xFF) == 0xFF);
        }

        public static Ending any() {
            return new Ending("", tail -> true);
        }
    }

    public List<String> dumpCommand(Credentials c) {
        return dump.apply(c);
    }

    /** True when the first bytes of a file look like this engine's dump. */
    public boolean matchesHeader(byte[] start) {
        String text = new String(start, java.nio.charset.StandardCharsets.ISO_8859_1);
        return header.stream().anyMatch(text::startsWith);
    }
}

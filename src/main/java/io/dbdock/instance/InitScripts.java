package io.dbdock.instance;

import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.ScriptRunner;
import io.dbdock.model.InstanceRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Runs a project's init file in a running instance with the engine's own client, and turns a
 * failure into one line a user can act on: the file, the line, and the server's own words.
 */
final class InitScripts {
    /** psql: "psql:&lt;stdin&gt;:3: ERROR:  relation "x" does not exist". */
    private static final Pattern PSQL = Pattern.compile("^psql:[^:]*:(\\d+): (.*)$");
    /** mysql and mariadb: "ERROR 1064 (42000) at line 3: You have an error ..." (MariaDB may add "in file: ..."). */
    private static final Pattern MYSQL = Pattern.compile("^(ERROR \\d+ \\([0-9A-Z]+\\)) at line (\\d+)(?: in file: '[^']*')?: (.*)$");
    private static final String REDIS_MARK = "dbdock-init-line-";
    /** Where a copied file goes: a folder every image has (a copy needs its folder to exist). */
    private static final String COPIED_TO = "/tmp";

    private final DockerGateway docker;

    InitScripts(DockerGateway docker) {
        this.docker = docker;
    }

    /** Empty when the file ran through; otherwise what went wrong, starting with {@code shownAs} (the file as the user wrote it). */
    Optional<String> run(InstanceRecord r, ScriptRunner runner, Path file, String shownAs) {
        Credentials c = new Credentials(r.user(), "", r.database());
        try {
            return switch (runner.feed()) {
                case SQL_INPUT -> sqlInput(r, runner.command().apply(c, null), file, shownAs);
                case COMMAND_LINES -> commandLines(r, runner.command().apply(c, null), file, shownAs);
                case COPIED_FILE -> copiedFile(r, runner, c, file, shownAs);
            };
        } catch (IOException e) {
            return Optional.of(shownAs + ": cannot be read (" + e.getMessage() + ").");
        }
    }

    private Optional<String> sqlInput(InstanceRecord r, List<String> command, Path file, String shownAs) throws IOException {
        List<String> errors = new ArrayList<>();
        DockerGateway.ExecResult result = feed(r, command, plain(file), errors);
        if (result.ok()) {
            return Optional.empty();
        }
        return Optional.of(shownAs + " " + sqlProblem(errors.isEmpty() ? result.errorTail() : errors, result.exitCode()));
    }

    /**
     * Runs {@code command} with these bytes as its input. The engine API gives an exec's input no
     * end (the client would wait for more for ever), so {@code head} passes exactly the bytes sent.
     */
    private DockerGateway.ExecResult feed(InstanceRecord r, List<String> command, byte[] input, List<String> errors) {
        return feed(r, command, input, OutputStream.nullOutputStream(), errors);
    }

    private DockerGateway.ExecResult feed(InstanceRecord r, List<String> command, byte[] input, OutputStream out, List<String> errors) {
        List<String> piped = List.of("sh", "-c", "head -c \"$DBDOCK_BYTES\" | " + shellWords(command));
        return docker.exec(r.containerName(), piped, Map.of("DBDOCK_BYTES", String.valueOf(input.length)),
                new ByteArrayInputStream(input), out, errors::add);
    }

    /** The command as one line for sh, each word quoted. */
    static String shellWords(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    /** The file's bytes, decompressed when it is gzipped. Init files are a project's schema and seed: they fit in memory. */
    private static byte[] plain(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    /** "line 3: ERROR: ..." from the client's error lines, or its last words when they name no line. */
    static String sqlProblem(List<String> errorLines, int exitCode) {
        for (String line : errorLines) {
            Matcher m = PSQL.matcher(line);
            if (m.matches() && m.group(2).startsWith("ERROR") || m.matches() && m.group(2).startsWith("FATAL")) {
                return "line " + m.group(1) + ": " + m.group(2).replaceAll("\\s+", " ");
            }
            Matcher my = MYSQL.matcher(line);
            if (my.matches()) {
                return "line " + my.group(2) + ": " + my.group(1) + ": " + my.group(3);
            }
        }
        // No line named: the client's error line, else its last words (not a caret under a quoted statement).
        String last = errorLines.stream().filter(l -> l.contains("ERROR") || l.contains("Error")).findFirst()
                .orElseGet(() -> errorLines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(""));
        return last.isEmpty() ? "failed (the client ended with status " + exitCode + ")." : "failed: " + last.strip();
    }

    private Optional<String> commandLines(InstanceRecord r, List<String> command, Path file, String shownAs) throws IOException {
        List<String> lines = new String(plain(file), StandardCharsets.UTF_8).lines().toList();
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue; // redis-cli would send a comment as a command
            }
            input.append("ECHO ").append(REDIS_MARK).append(i + 1).append('\n').append(line).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> errors = new ArrayList<>();
        DockerGateway.ExecResult result = feed(r, command, input.toString().getBytes(StandardCharsets.UTF_8), out, errors);
        Optional<String> failed = redisProblem(out.toString(StandardCharsets.UTF_8));
        if (failed.isPresent()) {
            return Optional.of(shownAs + " " + failed.get());
        }
        return result.ok() ? Optional.empty() : Optional.of(shownAs + " " + sqlProblem(errors, result.exitCode()));
    }

    /** The first error reply in redis-cli's --no-raw output, with the line whose ECHO came before it. */
    static Optional<String> redisProblem(String output) {
        String line = "?";
        for (String reply : output.lines().toList()) {
            if (reply.startsWith("\"" + REDIS_MARK)) {
                line = reply.substring(REDIS_MARK.length() + 1, reply.length() - 1);
            } else if (reply.startsWith("(error) ")) {
                return Optional.of("line " + line + ": " + reply.substring("(error) ".length()).strip());
            }
        }
        return Optional.empty();
    }

    private Optional<String> copiedFile(InstanceRecord r, ScriptRunner runner, Credentials c, Path file, String shownAs)
            throws IOException {
        String name = "dbdock-init-" + file.getFileName();
        try (InputStream in = Files.newInputStream(file)) {
            docker.copyStream(r.containerName(), COPIED_TO, name, Files.size(file), in);
        }
        List<String> errors = new ArrayList<>();
        DockerGateway.ExecResult result = docker.exec(r.containerName(), runner.command().apply(c, COPIED_TO + "/" + name),
                Map.of(), null, OutputStream.nullOutputStream(), errors::add);
        return result.ok() ? Optional.empty() : Optional.of(shownAs + " " + sqlProblem(errors, result.exitCode()));
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in) : in;
        } catch (IOException notGzip) {
            in.close();
            throw notGzip;
        }
    }
}

package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (its own failsafe execution, see pom.xml): no password
 * any test gave to or got from dbdock appears in any log dbdock wrote during the suite, neither
 * the in-process logs nor the logs of the data roots the CLI and the window used.
 */
class LogAuditIT {
    /** Shorter passwords would match by chance; every generated one has 32 characters. */
    private static final int SHORTEST_CHECKED = 4;
    /** A URI with a password in it, or an environment assignment of one. */
    private static final Pattern CREDENTIALS = Pattern.compile("://[^/\\s:@]+:[^@\\s*]+@|_PASSWORD=[^\\s_]");

    @Test
    void noPasswordReachedAnyLog() throws Exception {
        Requirements.requireDocker();
        List<String> secrets = SecretLedger.all().stream().filter(s -> s.length() >= SHORTEST_CHECKED).toList();
        List<Path> logs;
        try (Stream<Path> files = Files.exists(SecretLedger.DIR) ? Files.walk(SecretLedger.DIR) : Stream.empty()) {
            logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
        }
        if (secrets.isEmpty()) {
            String message = "LOG AUDIT SKIPPED: no integration test created an instance in this build, so there is nothing to look for";
            if (System.getProperty("it.test") != null) {
                Assumptions.abort(message + " (only " + System.getProperty("it.test") + " ran)");
            }
            Requirements.unavailable("dbdock.docker.required", message);
        }
        long lines = 0;
        long readyLines = 0;
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            List<String> content = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < content.size(); i++) {
                String line = content.get(i);
                lines++;
                if (line.contains("is ready") || line.contains("Created instance")) {
                    readyLines++;
                }
                for (String secret : secrets) {
                    if (line.contains(secret)) {
                        leaks.add(SecretLedger.DIR.relativize(log) + ":" + (i + 1) + " holds a password of " + secret.length()
                                + " characters starting '" + secret.substring(0, 2) + "'");
                    }
                }
                if (CREDENTIALS.matcher(line).find()) {
                    leaks.add(SecretLedger.DIR.relativize(log) + ":" + (i + 1) + " looks like a credential: " + line);
                }
            }
        }
        assertTrue(readyLines > 0, "the audit read " + logs.size() + " logs with " + lines
                + " lines but none from an instance being created: the logs it checks are not the ones dbdock writes");
        assertEquals(List.of(), leaks);
        System.out.println("LOG AUDIT: " + secrets.size() + " passwords looked for in " + logs.size() + " logs (" + lines
                + " lines): none found");
    }
}

package io.dbdock.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every password the integration tests give to (or get from) dbdock, and a copy of every data
 * root's logs, kept under target/test-logs so LogAuditIT can check after the whole suite that no
 * password ever reached a log.
 */
final class SecretLedger {
    static final Path DIR = Path.of("target", "test-logs").toAbsolutePath();
    private static final Path FILE = DIR.resolve("secrets.txt");
    private static final Set<String> RECORDED = new HashSet<>();

    private SecretLedger() {
    }

    /** Remembers a password (Base64 per line, so line breaks and unicode survive). */
    static synchronized void record(String secret) {
        if (secret == null || secret.isEmpty() || !RECORDED.add(secret)) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            Files.writeString(FILE, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the password file of every instance now under the data root. */
    static void recordPasswordsUnder(Path root) {
        Path instances = root.resolve("instances");
        if (!Files.isDirectory(instances)) {
            return;
        }
        try (Stream<Path> files = Files.walk(instances, 2)) {
            files.filter(p -> p.getFileName().toString().equals("password") && Files.isRegularFile(p))
                    .forEach(p -> record(readQuietly(p)));
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not read the passwords under " + root + ": " + e.getMessage());
        }
    }

    /** Before a data root is deleted: its instances' passwords go into the ledger, its logs are kept. */
    static void keepFrom(Path root) {
        recordPasswordsUnder(root);
        Path logs = root.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            Path copy = Files.createDirectories(DIR.resolve("roots").resolve(root.getFileName().toString()));
            for (Path log : files.toList()) {
                Files.copy(log, copy.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not keep the logs of " + root + ": " + e.getMessage());
        }
    }

    static synchronized List<String> all() throws IOException {
        if (!Files.exists(FILE)) {
            return List.of();
        }
        return Files.readAllLines(FILE, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                .map(l -> new String(Base64.getDecoder().decode(l), StandardCharsets.UTF_8)).distinct().toList();
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}

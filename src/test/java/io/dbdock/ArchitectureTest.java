package io.dbdock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layering rules of docs/architecture.md, checked on the sources. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/io/dbdock");
    private static final List<String> BACKEND = List.of("backup", "common", "engine", "instance", "ports", "storage", "store",
            "docker", "probe", "cli");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED_USE = Pattern.compile("\\b(javafx|java\\.awt|com\\.github\\.dockerjava)\\.\\w");

    private static List<String> violations(String pkg, Pattern forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher m = IMPORT.matcher(src);
                while (m.find()) {
                    if (forbidden.matcher(m.group(2)).lookingAt()) {
                        found.add(f + ": " + m.group(2));
                    }
                }
                Matcher q = QUALIFIED_USE.matcher(src);
                while (q.find()) {
                    if (forbidden.matcher(q.group(1) + ".x").lookingAt()) {
                        found.add(f + ": qualified " + q.group(1));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void backendNeverImportsJavaFxOrAwt() throws IOException {
        List<String> found = new ArrayList<>();
        for (String pkg : BACKEND) {
            found.addAll(violations(pkg, Pattern.compile("javafx\\.|java\\.awt\\.")));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void onlyTheDockerPackageUsesDockerJava() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (!d.getFileName().toString().equals("docker")) {
                    found.addAll(violations(d.getFileName().toString(), Pattern.compile("com\\.github\\.dockerjava\\.")));
                }
            }
        }
        assertEquals(List.of(), found);
        assertTrue(violations("docker", Pattern.compile("com\\.github\\.dockerjava\\.")).size() > 0,
                "the check must see docker-java where it is used");
    }
}

package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb that `mvn -Pinstaller package` built, as a user gets it: installed with dpkg, the
 * `dbdock` command and menu entry in place, the installed app opens its window and drives a real
 * instance, and removing the package keeps the user's data. It changes the system (dpkg -i / -r),
 * so it runs only when asked: -Ddbdock.installer.required=true (CI) after -Pinstaller.
 */
@RequiresDisplay
@RequiresDocker
class InstallerIT {
    private static Path deb;

    @BeforeAll
    static void requirements() throws Exception {
        if (!Boolean.getBoolean("dbdock.installer.required")) {
            Requirements.shout("INSTALLER TEST SKIPPED: it installs and removes a system package. "
                    + "Run `mvn -B -Pinstaller verify -Ddbdock.installer.required=true` as root (CI does).");
            org.junit.jupiter.api.Assumptions.abort("installer test not requested");
        }
        Requirements.requireDisplay();
        Requirements.requireDocker();
        Path dir = Path.of(System.getProperty("dbdock.installer.dir", "target/installer"));
        try (Stream<Path> files = Files.list(dir)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in " + dir + ": build with -Pinstaller"));
        }
        assertEquals("0", run(List.of("id", "-u"), Map.of()).out.trim(), "dpkg needs root");
    }

    private record Result(int code, String out) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static String ok(List<String> command, Map<String, String> env) throws Exception {
        Result r = run(command, env);
        assertEquals(0, r.code, () -> String.join(" ", command) + ": " + r.out);
        return r.out;
    }

    /** Where rpmbuild exists the profile builds an RPM too, with the same PATH link and archive steps. */
    @Test
    void anRpmIsBuiltWhereRpmbuildExists() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(run(List.of("sh", "-c", "command -v rpmbuild"), Map.of()).code == 0,
                "no rpmbuild here, so no RPM (the .deb is the package for this system)");
        Path rpm;
        try (Stream<Path> files = Files.list(deb.getParent())) {
            rpm = files.filter(p -> p.getFileName().toString().endsWith(".rpm")).findFirst()
                    .orElseThrow(() -> new AssertionError("rpmbuild exists but no .rpm was built"));
        }
        String scripts = ok(List.of("rpm", "-qp", "--scripts", rpm.toString()), Map.of());
        assertTrue(scripts.contains("ln -sf /opt/dbdock/bin/dbdock /usr/bin/dbdock") && scripts.contains("-Xshare:dump"), scripts);
        String files = ok(List.of("rpm", "-qpl", rpm.toString()), Map.of());
        assertTrue(files.contains("/opt/dbdock/bin/dbdock") && files.contains("/opt/dbdock/lib/dbdock-dbdock.desktop"), files);
    }

    @Test
    void installUseAndRemoveKeepingTheUsersData() throws Exception {
        Path home = Files.createTempDirectory("dbdock-installed");
        Map<String, String> env = Map.of("DBDOCK_HOME", home.toString(), "DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX);
        String name = "pkg-" + Long.toHexString(System.nanoTime());
        try {
            Result install = run(List.of("dpkg", "-i", deb.toString()), Map.of());
            if (install.code != 0) {
                // Missing dependencies leave the package unconfigured; apt brings them and finishes it.
                ok(List.of("apt-get", "-f", "install", "-y", "-q"), Map.of("DEBIAN_FRONTEND", "noninteractive"));
            }
            assertTrue(ok(List.of("dpkg", "-s", "dbdock"), Map.of()).contains("Status: install ok installed"));
            Path command = Path.of("/usr/bin/dbdock");
            assertTrue(Files.isSymbolicLink(command) && Files.readSymbolicLink(command).equals(Path.of("/opt/dbdock/bin/dbdock")),
                    "dbdock is on the PATH");
            String desktop = Files.readString(Path.of("/usr/share/applications/dbdock-dbdock.desktop"));
            assertTrue(desktop.contains("Exec=/opt/dbdock/bin/dbdock") && desktop.contains("Categories=Development;Database;"), desktop);
            Matcher icon = Pattern.compile("(?m)^Icon=(.+)$").matcher(desktop);
            assertTrue(icon.find() && Files.isRegularFile(Path.of(icon.group(1))), desktop);
            assertTrue(Files.isRegularFile(Path.of("/opt/dbdock/lib/app/dbdock.jsa")), "the class-data archive was dumped at install");
            Path bashCompletion = Path.of("/usr/share/bash-completion/completions/dbdock");
            Path zshCompletion = Path.of("/usr/share/zsh/vendor-completions/_dbdock");
            assertTrue(Files.readString(bashCompletion).contains("complete -F _complete_dbdock"), "bash completion is installed");
            assertTrue(Files.readString(zshCompletion).startsWith("#compdef dbdock"), "and zsh's");
            System.out.println("SIZE installed " + ok(List.of("du", "-sh", "/opt/dbdock"), Map.of()).split("\\s")[0]
                    + ", package " + Files.size(deb) / (1024 * 1024) + " MiB");

            assertEquals("dbdock " + System.getProperty("dbdock.version"), ok(List.of("dbdock", "--version"), env).trim());
            String engines = ok(List.of("dbdock", "engines"), env);
            assertTrue(engines.contains("postgres") && engines.contains("redis"), engines);

            Map<String, String> gui = new java.util.HashMap<>(env);
            gui.put("DISPLAY", System.getenv("DISPLAY"));
            List<Long> frames = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String out = ok(List.of("dbdock", "--smoke-test"), gui);
                Matcher m = Pattern.compile("first frame (\\d+) ms").matcher(out);
                assertTrue(m.find(), out);
                frames.add(Long.parseLong(m.group(1)));
            }
            System.out.println("TIMING installed app, first frame after process start (ms): " + frames);

            ok(List.of("dbdock", "create", "--engine", "redis", "--name", name), env);
            assertEquals("true", Docker.run("inspect", "-f", "{{.State.Running}}", "dbdock-" + name));
            assertTrue(ok(List.of("dbdock", "list"), env).contains(name));
            ok(List.of("dbdock", "rm", name, "--yes"), env);
            assertFalse(run(List.of("docker", "inspect", "dbdock-" + name), Map.of()).code == 0, "the container is gone");

            ok(List.of("dpkg", "-r", "dbdock"), Map.of());
            assertFalse(Files.exists(Path.of("/opt/dbdock/bin/dbdock")), "the program is removed");
            assertFalse(Files.exists(command, java.nio.file.LinkOption.NOFOLLOW_LINKS), "and its command");
            assertFalse(Files.exists(Path.of("/opt/dbdock/lib/app/dbdock.jsa")), "and the archive made at install");
            assertFalse(Files.exists(bashCompletion, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.exists(zshCompletion, java.nio.file.LinkOption.NOFOLLOW_LINKS), "and the completion links");
            assertTrue(Files.isDirectory(home.resolve("instances").resolve(name).resolve("data")), "the user's data stays");
            assertTrue(Files.isRegularFile(home.resolve("instances.json")), "and the instance list");
        } finally {
            run(List.of("dpkg", "-r", "dbdock"), Map.of());
            delete(home);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

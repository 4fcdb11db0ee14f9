package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.model.InstanceRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input, table-driven, through the service and the command line: every case gets a clear
 * message (no exception names, no stack), the right exit code, creates nothing and changes
 * nothing already there. Odd but valid passwords work afterwards with a real client.
 */
@RequiresDocker
class BadInputIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private record Case(String what, CreateRequest request, Problem problem, String says) {
    }

    /** What must not change: the instance list, dbdock's containers and volumes, the instance folders. */
    private String world() throws Exception {
        StringBuilder b = new StringBuilder();
        b.append(Files.exists(t.root.instancesFile()) ? Files.readString(t.root.instancesFile()) : "<no list>");
        b.append('\n').append(Docker.run("ps", "-a", "--filter", "label=io.dbdock.managed=true", "--format", "{{.Names}} {{.State}}"));
        b.append('\n').append(Docker.run("volume", "ls", "--filter", "label=io.dbdock.managed=true", "--format", "{{.Name}}"));
        if (Files.isDirectory(t.root.instancesDir())) {
            try (Stream<Path> dirs = Files.list(t.root.instancesDir())) {
                dirs.map(Path::toString).sorted().forEach(d -> b.append('\n').append(d));
            }
        }
        return b.toString();
    }

    @Test
    void everyBadCreateIsRefusedPlainlyAndChangesNothing() throws Exception {
        String base = t.name("base");
        t.create(CreateRequest.of("redis").withName(base));
        int basePort = t.record(base).port();
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int busy = held.getLocalPort();
            List<Case> cases = List.of(
                    new Case("empty name", CreateRequest.of("redis").withName(""), Problem.INVALID_INPUT, "empty"),
                    new Case("blank name", CreateRequest.of("redis").withName("   "), Problem.INVALID_INPUT, "empty"),
                    new Case("200 characters", CreateRequest.of("redis").withName("a".repeat(200)), Problem.INVALID_INPUT, "longer than"),
                    new Case("unicode", CreateRequest.of("redis").withName("café"), Problem.INVALID_INPUT, "may use letters"),
                    new Case("path", CreateRequest.of("redis").withName("../x"), Problem.INVALID_INPUT, "may use letters"),
                    new Case("option-like", CreateRequest.of("redis").withName("-rf"), Problem.INVALID_INPUT, "must start with a letter"),
                    new Case("leading space", CreateRequest.of("redis").withName(" x"), Problem.INVALID_INPUT, "starts or ends with a space"),
                    new Case("duplicate", CreateRequest.of("redis").withName(base), Problem.CONFLICT, "already exists"),
                    new Case("same but case", CreateRequest.of("redis").withName(base.toUpperCase()), Problem.CONFLICT, "already exists"),
                    new Case("same folder", CreateRequest.of("redis").withName(base.replace('-', '_')), Problem.CONFLICT, "would use the folder"),
                    new Case("port 0", CreateRequest.of("redis").withPort(0), Problem.INVALID_INPUT, "outside 1024-65535"),
                    new Case("port -1", CreateRequest.of("redis").withPort(-1), Problem.INVALID_INPUT, "outside 1024-65535"),
                    new Case("port 65536", CreateRequest.of("redis").withPort(65536), Problem.INVALID_INPUT, "outside 1024-65535"),
                    new Case("privileged port", CreateRequest.of("redis").withPort(80), Problem.INVALID_INPUT, "reserved for system services"),
                    new Case("port in use", CreateRequest.of("redis").withPort(busy), Problem.CONFLICT, "port " + busy),
                    new Case("another instance's port", CreateRequest.of("redis").withPort(basePort), Problem.CONFLICT, base),
                    new Case("unknown engine", CreateRequest.of("oracle"), Problem.INVALID_INPUT, "Unknown engine 'oracle'"),
                    new Case("unknown version", CreateRequest.of("postgres").withVersion("13"), Problem.INVALID_INPUT, "14, 15, 16, 17, 18"),
                    new Case("empty password", CreateRequest.of("redis").withPassword(""), Problem.INVALID_INPUT, "password is empty"),
                    new Case("line break", CreateRequest.of("redis").withPassword("a\nb"), Problem.INVALID_INPUT, "control character"),
                    new Case("too long", CreateRequest.of("redis").withPassword("x".repeat(1025)), Problem.INVALID_INPUT, "longer than 1024"),
                    new Case("bind to a name", CreateRequest.of("redis").withBindAddress("example.com"), Problem.INVALID_INPUT, "address"));
            String before = world();
            List<String> wrong = new ArrayList<>();
            for (Case c : cases) {
                try {
                    t.create(c.request);
                    wrong.add(c.what + ": was accepted");
                } catch (UserFacingException e) {
                    if (e.problem() != c.problem || !e.getMessage().toLowerCase().contains(c.says.toLowerCase())
                            || e.getMessage().contains("Exception")) {
                        wrong.add(c.what + ": " + e.problem() + " " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    wrong.add(c.what + ": not a plain message: " + e);
                }
                String after = world();
                if (!after.equals(before)) {
                    wrong.add(c.what + ": changed something:\n" + after);
                    before = after;
                }
            }
            assertEquals(List.of(), wrong);
            System.out.println("BAD INPUT service: " + cases.size() + " create cases refused, nothing changed");
        }
    }

    /** The same through the command line: exit code 2 for invalid input, 5 for conflicts, one plain sentence. */
    @Test
    void theCommandLineRefusesTheSameWithExitCodes() throws Exception {
        String base = t.name("clibase");
        t.create(CreateRequest.of("redis").withName(base));
        String before = world();
        Object[][] cases = {
                {new String[] {"create", "--engine", "redis", "--name", ""}, 2},
                {new String[] {"create", "--engine", "redis", "--name", "../x"}, 2},
                {new String[] {"create", "--engine", "redis", "--name", "-rf"}, 2},
                {new String[] {"create", "--engine", "redis", "--name", base.toUpperCase()}, 5},
                {new String[] {"create", "--engine", "redis", "--port", "0"}, 2},
                {new String[] {"create", "--engine", "redis", "--port", "65536"}, 2},
                {new String[] {"create", "--engine", "redis", "--port", "80"}, 2},
                {new String[] {"create", "--engine", "redis", "--port", String.valueOf(t.record(base).port())}, 5},
                {new String[] {"create", "--engine", "nosql"}, 2},
                {new String[] {"create", "--engine", "mysql", "--version", "5.7"}, 2},
                {new String[] {"create", "--engine", "redis", "--password-stdin"}, 2},
                {new String[] {"rm", "no-such-instance", "--yes"}, 4},
                {new String[] {"port", base, "--reassign", "--to", "80"}, 2},
        };
        List<String> wrong = new ArrayList<>();
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            int expected = (Integer) c[1];
            Cli r = cli(args);
            String line = String.join(" ", args);
            if (r.code != expected) {
                wrong.add(line + ": exit " + r.code + " (wanted " + expected + "): " + r.err);
            } else if (r.err.isBlank() || r.err.contains("Exception") || r.err.contains("\tat ")) {
                wrong.add(line + ": not a plain message: " + r.err);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(before, world(), "nothing changed");
        System.out.println("BAD INPUT cli: " + cases.length + " commands refused with the right exit code, nothing changed");
    }

    /**
     * Passwords with spaces, quotes, shell syntax, unicode and 1,000 characters, on every engine's
     * image: each works with a real client, or (MySQL's image breaks on ' and \\, and MySQL takes at most
     * 256 bytes) is refused before anything is made, with the reason. Mongo's stand-in has no login: there the container must
     * hold exactly the password (in the file its entrypoint reads, and in the tools' config).
     */
    @Test
    void oddButValidPasswordsWorkWithRealClientsOnEveryEngine() throws Exception {
        List<String> passwords = List.of("two words here", "quote\"double", "quote'single", "$(touch /tmp/pwned)", "`id`",
                "ünïcødé-密码", "back\\slash", "x".repeat(1000));
        List<java.util.concurrent.Callable<String>> trials = new ArrayList<>();
        int n = 0;
        for (EngineSpec engine : t.service.catalog().all()) {
            for (String password : passwords) {
                String name = t.name(engine.id() + "-pw" + n++);
                trials.add(() -> tryPassword(engine, name, password));
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<String> outcomes = new ArrayList<>();
        try {
            for (var f : pool.invokeAll(trials)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Files.exists(Path.of("/tmp/pwned")), "no password was ever run by a shell");
        long refused = outcomes.stream().filter(o -> o.startsWith("refused")).count();
        assertEquals(3, refused, "only MySQL's (' and \\, and 1,000 characters): " + outcomes);
        System.out.println("BAD INPUT passwords: " + (outcomes.size() - refused) + " instances with odd passwords on "
                + t.service.catalog().all().size() + " engines, each used by a real client (Mongo: checked in the container); "
                + refused + " refused for MySQL's image");
    }

    private String tryPassword(EngineSpec engine, String name, String password) throws Exception {
        String shown = password.length() > 40 ? password.length() + " characters" : password;
        String rule = engine.imagePasswordProblem(password);
        if (rule != null) {
            UserFacingException e = org.junit.jupiter.api.Assertions.assertThrows(UserFacingException.class,
                    () -> t.create(CreateRequest.of(engine.id()).withName(name).withPassword(password)));
            assertEquals(Problem.INVALID_INPUT, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains("cannot take a password with") || e.getMessage().contains("at most 256 bytes"),
                    e.getMessage());
            assertTrue(t.service.snapshots().stream().noneMatch(s -> s.record().name().equals(name)), "nothing made for " + name);
            return "refused " + engine.id() + " " + shown;
        }
        var created = t.create(CreateRequest.of(engine.id()).withName(name).withPassword(password));
        assertEquals(io.dbdock.instance.InstanceState.READY, created.state(), engine.id() + " with password " + shown + ": " + created.detail());
        InstanceRecord r = t.record(name);
        assertEquals(password, t.service.password(r));
        if (engine.id().equals("mongo")) {
            assertEquals(password, Docker.run("exec", r.containerName(), "cat", "/run/dbdock/password"), "mongo " + shown);
        } else {
            DataClient.write(engine, t.service.endpoint(r), "ok");
            assertEquals(List.of("ok"), DataClient.read(engine, t.service.endpoint(r)), engine.id() + " with password " + shown);
        }
        t.service.delete(name, true);
        return "works " + engine.id() + " " + shown;
    }

    private record Cli(int code, String out, String err) {
    }

    private Cli cli(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(Map.of("DBDOCK_HOME", t.root.path().toString(), "DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX));
        Path err = Files.createTempFile("dbdock-cli", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close(); // --password-stdin reads nothing: an empty password
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", args) + " hangs");
        }
        return new Cli(p.exitValue(), out, Files.readString(err));
    }
}

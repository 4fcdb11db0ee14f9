package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.DockerStatus;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.instance.StateMonitor;
import io.dbdock.model.InstanceRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Docker engine dies or hangs while dbdock runs (a private second dockerd, killed with
 * SIGKILL or frozen with SIGSTOP): the monitor reports Docker unavailable within seconds, the CLI
 * answers with a message and exit code 3 instead of hanging, nothing in the instance list changes,
 * the containers keep running (live-restore), and when the engine is back dbdock reconnects by
 * itself and shows true states within 5 s.
 */
@RequiresDocker
class EngineFaultsIT {
    private static SecondDockerEngine engine;
    private TestInstances t;
    private StateMonitor monitor;
    private final RecordingListener events = new RecordingListener();
    private final Map<UUID, InstanceSnapshot> seen = events.seen;
    private final AtomicReference<DockerStatus> docker = events.docker;
    private InstanceRecord instance;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = SecondDockerEngine.start();
        engine.loadImages(Requirements.IMAGE_PREFIX + "redis:8");
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        t = new TestInstances(engine.connection());
        t.service.addListener(events);
        t.create(CreateRequest.of("redis").withName(t.name("fault")));
        instance = t.record(t.name("fault"));
        monitor = new StateMonitor(t.service, t.docker);
        monitor.start();
        within("the monitor is connected", 10_000, () -> docker.get() != null && docker.get().available());
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.thaw();
        if (!engineAnswers()) {
            engine.restart();
        }
        monitor.close();
        t.close();
    }

    private static boolean engineAnswers() {
        try {
            engine.docker("version");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static long within(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while ((System.nanoTime() - start) / 1_000_000 < timeoutMs) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        StringBuilder threads = new StringBuilder();
        Thread.getAllStackTraces().forEach((th, st) -> {
            if (th.getName().startsWith("dbdock-monitor") || th.getName().startsWith("docker-call")) {
                threads.append("\n").append(th.getName()).append(' ').append(th.getState());
                for (int i = 0; i < Math.min(12, st.length); i++) {
                    threads.append("\n    at ").append(st[i]);
                }
            }
        });
        throw new AssertionError("not within " + timeoutMs + " ms: " + what + threads);
    }

    private record Cli(int code, String out, long ms) {
    }

    /** The CLI in its own process, on this engine, as a user would run it meanwhile. */
    private Cli cli(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar"));
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DBDOCK_HOME", t.root.path().toString());
        pb.environment().put("DOCKER_HOST", SecondDockerEngine.SOCKET);
        long start = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI does not hang");
        return new Cli(p.exitValue(), out, (System.nanoTime() - start) / 1_000_000);
    }

    private String containerStartedAt() throws Exception {
        return engine.docker("inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", "dbdock-" + instance.name());
    }

    @Test
    void aKilledEngineIsReportedAndRejoinedWithoutChangingAnything() throws Exception {
        within("Ready", 10_000, () -> seen.get(instance.id()) != null && seen.get(instance.id()).state() == InstanceState.READY);
        String store = Files.readString(t.root.instancesFile());
        String startedAt = containerStartedAt();

        engine.kill();
        long down = within("Docker unavailable after SIGKILL", 5_000, () -> !docker.get().available());
        System.out.println("TIMING fault: engine killed -> Docker unavailable in " + down + " ms");
        Cli list = cli("list");
        assertEquals(3, list.code, list.out);
        assertTrue(list.out.contains("not running") && list.out.contains(SecondDockerEngine.SOCKET), list.out);
        assertEquals(store, Files.readString(t.root.instancesFile()), "no instance record changes while Docker is down");

        long restart = System.nanoTime();
        engine.restart();
        long answering = (System.nanoTime() - restart) / 1_000_000;
        long back = within("reconnected, Ready again", 5_000, () -> docker.get().available()
                && seen.get(instance.id()).state() == InstanceState.READY);
        System.out.println("TIMING fault: dockerd answered " + answering + " ms after its restart began; dbdock showed "
                + "true states " + back + " ms after that");
        assertEquals(startedAt, containerStartedAt(), "the database kept running through the engine's crash");
        assertEquals(store, Files.readString(t.root.instancesFile()));
        Cli after = cli("list");
        assertEquals(0, after.code, after.out);
        assertTrue(after.out.contains(instance.name()) && after.out.contains("Ready"), after.out);
    }

    @Test
    void aFrozenEngineIsReportedWithAMessageInsteadOfHangingAndRejoinedWhenItThaws() throws Exception {
        within("Ready", 10_000, () -> seen.get(instance.id()) != null && seen.get(instance.id()).state() == InstanceState.READY);
        String store = Files.readString(t.root.instancesFile());

        engine.freeze();
        long down = within("Docker unavailable while frozen", 12_000, () -> !docker.get().available());
        System.out.println("TIMING fault: engine frozen (SIGSTOP) -> Docker unavailable in " + down + " ms: " + docker.get().problem());
        Cli list = cli("list");
        System.out.println("TIMING fault: CLI against the frozen engine answered in " + list.ms + " ms");
        assertEquals(3, list.code, list.out);
        assertTrue(list.out.contains("does not answer"), list.out);
        assertTrue(list.ms < 20_000, "the CLI gives up in seconds, took " + list.ms + " ms");
        assertEquals(store, Files.readString(t.root.instancesFile()));

        engine.thaw();
        long back = within("answering again, Ready", 10_000, () -> docker.get().available()
                && seen.get(instance.id()).state() == InstanceState.READY);
        System.out.println("TIMING fault: engine thawed -> true states in " + back + " ms");
        assertEquals(store, Files.readString(t.root.instancesFile()));
    }
}

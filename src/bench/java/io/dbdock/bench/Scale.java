package io.dbdock.bench;

import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.ui.DesktopApp;
import io.dbdock.ui.main.InstanceItem;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * dbdock with many instances (redis stand-ins, all running): Docker API calls and CPU time per
 * reconcile, the app's idle CPU and resident memory (a real {@code java -jar} window process),
 * and the window's frame gaps while every instance is stopped and started again from outside.
 */
final class Scale {
    private Scale() {
    }

    static List<Figure> run(Path out, Path jar, int count, int idleSeconds) throws Exception {
        try (BenchEnv env = new BenchEnv(out, "scale")) {
            List<String> containers = createMany(env, count);
            List<Figure> figures = new ArrayList<>();
            figures.addAll(reconcile(env, count));
            double helloIdle = helloIdle(jar, idleSeconds, BenchEnv.productJvmOptions());
            figures.add(Figure.reported("scale_idle_cpu_hello", helloIdle, "%core",
                    "baseline: the JavaFX hello-world window, same JVM options, left alone " + idleSeconds + " s"));
            figures.addAll(idleApp(env, jar, count, idleSeconds, BenchEnv.productJvmOptions(), ""));
            figures.addAll(idleApp(env, jar, count, idleSeconds, List.of(), "_jvm_defaults"));
            figures.addAll(frameGaps(env, containers, count));
            return figures;
        }
    }

    private static List<String> createMany(BenchEnv env, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<InstanceRecord>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "scale-" + i;
            made.add(pool.submit(() -> env.service.create(CreateRequest.of("redis").withName(name).withWaitReady(false), s -> { })
                    .snapshot().record()));
        }
        List<String> containers = new ArrayList<>();
        for (Future<InstanceRecord> f : made) {
            containers.add(f.get().containerName());
        }
        pool.shutdown();
        return containers;
    }

    private static List<Figure> reconcile(BenchEnv env, int count) {
        int rounds = 50;
        for (int i = 0; i < 2 * rounds; i++) {
            env.service.refresh(false); // warm-up: class loading and JIT compilation are not a reconcile's cost
        }
        long calls = env.calls();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        for (int i = 0; i < rounds; i++) {
            env.service.refresh(false);
        }
        double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6 / rounds;
        double callsPer = (env.calls() - calls) / (double) rounds;
        String note = count + " instances, " + rounds + " reconciles, calls: " + env.callsByMethod();
        return List.of(Figure.atMost("scale_api_calls_per_reconcile", callsPer, "calls", 1, note),
                Figure.atMost("scale_cpu_per_reconcile", cpuMs, "ms", 20, count + " instances, process CPU time / " + rounds));
    }

    /** The real app (java -jar, window shown) left alone with every instance running. */
    private static List<Figure> idleApp(BenchEnv env, Path jar, int count, int idleSeconds, List<String> jvm, String suffix)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toString()));
        String how = jvm.isEmpty() ? "java -jar with JVM defaults" : "the installed app's JVM options (" + String.join(" ", jvm) + ")";
        Files.deleteIfExists(env.root.logsDir().resolve("dbdock.log"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(env.root.path().resolve("app-output.txt").toFile());
        pb.environment().putAll(Map.of("DBDOCK_HOME", env.root.path().toString(), "DBDOCK_IMAGE_PREFIX", BenchEnv.IMAGE_PREFIX));
        Process app = pb.start();
        try {
            Path log = env.root.logsDir().resolve("dbdock.log");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!(Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Window shown"))) {
                if (System.nanoTime() > deadline || !app.isAlive()) {
                    throw new IllegalStateException("the app did not show its window: "
                            + Files.readString(env.root.path().resolve("app-output.txt")));
                }
                CreateToReady.sleep(200);
            }
            CreateToReady.sleep(15_000); // first reconcile and probes of every instance
            long ticks = cpuTicks(app.pid());
            long start = System.nanoTime();
            CreateToReady.sleep(idleSeconds * 1000L);
            double seconds = (System.nanoTime() - start) / 1e9;
            double percent = (cpuTicks(app.pid()) - ticks) / 100.0 / seconds * 100;
            long rssKb = statusKb(app.pid(), "VmRSS");
            String note = count + " instances, window open, " + how;
            if (suffix.isEmpty()) {
                return List.of(Figure.atMost("scale_idle_cpu", percent, "%core", 1, note + ", over " + idleSeconds + " s"),
                        Figure.atMost("scale_rss", rssKb / 1024.0, "MB", 300, note + "; peak " + statusKb(app.pid(), "VmHWM") / 1024 + " MB"));
            }
            return List.of(Figure.reported("scale_idle_cpu" + suffix, percent, "%core", note + ", over " + idleSeconds + " s"),
                    Figure.reported("scale_rss" + suffix, rssKb / 1024.0, "MB", note + "; peak " + statusKb(app.pid(), "VmHWM") / 1024 + " MB"));
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /** The idle CPU of a JavaFX window that does nothing: what the toolkit itself costs on this display. */
    private static double helloIdle(Path jar, int idleSeconds, List<String> jvm) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvm);
        command.addAll(List.of("-cp", jar + System.getProperty("path.separator")
                + Path.of(HelloFx.class.getProtectionDomain().getCodeSource().getLocation().toURI()), HelloFx.class.getName(), "--stay"));
        Process hello = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            CreateToReady.sleep(10_000);
            long ticks = cpuTicks(hello.pid());
            long start = System.nanoTime();
            CreateToReady.sleep(idleSeconds * 1000L);
            return (cpuTicks(hello.pid()) - ticks) / 100.0 / ((System.nanoTime() - start) / 1e9) * 100;
        } finally {
            hello.destroy();
            hello.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long statusKb(long pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(key + " not in /proc/" + pid + "/status");
    }

    /**
     * The window in this process: the longest gap between frames while every instance is stopped
     * and started outside dbdock. Baseline, in the same run: a window that shows nothing of
     * dbdock's, through the same stop and start (the engine's own CPU use alone can delay frames).
     */
    private static List<Figure> frameGaps(BenchEnv env, List<String> containers, int count) throws Exception {
        if (System.getenv("DISPLAY") == null) {
            throw new IllegalStateException("the frame-gap measurement needs a display (run under Xvfb)");
        }
        Platform.setImplicitExit(false);
        io.dbdock.ui.tray.DesktopTray.prepare(); // AWT before GTK, as the launcher does
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // started by an earlier figure
        }
        Stage plain = onFx(() -> {
            Stage stage = new Stage();
            stage.setScene(new javafx.scene.Scene(new javafx.scene.control.Label("baseline"), 960, 600));
            stage.show();
            return stage;
        });
        Gaps baseline = measureGaps(() -> {
            stopAndStart(containers, () -> { }, () -> { });
        });
        onFx(() -> {
            plain.hide();
            return null;
        });

        DesktopApp app = new DesktopApp(new io.dbdock.app.Core.Wiring(env.root, new ImageResolver(Map.of(), BenchEnv.IMAGE_PREFIX),
                env::newConnection));
        onFx(() -> {
            app.start(new Stage());
            return null;
        });
        awaitAll(app, count, InstanceState::isRunning, "running");
        CreateToReady.sleep(3000);
        Gaps dbdock = measureGaps(() -> stopAndStart(containers,
                () -> awaitAll(app, count, s -> s == InstanceState.STOPPED || s == InstanceState.ERROR, "stopped"),
                () -> awaitAll(app, count, InstanceState::isRunning, "running again")));
        onFx(() -> {
            app.stop();
            return null;
        });
        String what = count + " instances stopped and started outside dbdock (docker stop, docker start)";
        return List.of(
                Figure.reported("scale_fx_frame_gap_max_baseline", baseline.max(), "ms", "a plain JavaFX window, " + what + "; "
                        + baseline.describe()),
                Figure.atMost("scale_fx_frame_gap_max", dbdock.max(), "ms", 100, "dbdock's window following them, " + what + "; "
                        + dbdock.describe()),
                Figure.reported("scale_fx_frame_gap_p99", dbdock.p99(), "ms", "dbdock's window, 99th percentile of frame gaps"));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void stopAndStart(List<String> containers, Step afterStop, Step afterStart) throws Exception {
        List<String> stop = new ArrayList<>(List.of("docker", "stop", "-t", "5"));
        stop.addAll(containers);
        BenchEnv.run(stop.toArray(String[]::new));
        afterStop.run();
        List<String> start = new ArrayList<>(List.of("docker", "start"));
        start.addAll(containers);
        BenchEnv.run(start.toArray(String[]::new));
        afterStart.run();
    }

    private record Gaps(List<Long> gaps, long worstAtMs) {
        double max() {
            return Stats.max(gaps);
        }

        double p99() {
            return Stats.percentile(gaps, 99);
        }

        String describe() {
            return gaps.size() + " frames, p99 " + Figure.format(p99()) + " ms, median " + Figure.format(Stats.median(gaps))
                    + " ms; the longest ended at " + java.time.Instant.ofEpochMilli(worstAtMs);
        }
    }

    /** Gaps between frames (an AnimationTimer asks for every frame) while the work runs. */
    private static Gaps measureGaps(Step work) throws Exception {
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        long[] worst = {0, 0}; // gap ms, wall-clock ms when it ended (to find it in a profile)
        AnimationTimer timer = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    long gap = (now - last) / 1_000_000;
                    gaps.add(gap);
                    if (gap > worst[0]) {
                        worst[0] = gap;
                        worst[1] = System.currentTimeMillis();
                    }
                }
                last = now;
            }
        };
        onFx(() -> {
            timer.start();
            return null;
        });
        try {
            work.run();
        } finally {
            onFx(() -> {
                timer.stop();
                return null;
            });
        }
        synchronized (gaps) {
            return new Gaps(new ArrayList<>(gaps), worst[1]);
        }
    }

    private static void awaitAll(DesktopApp app, int count, Predicate<InstanceState> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean done = onFx(() -> {
                List<InstanceItem> items = app.viewModel().items();
                return items.size() == count && items.stream().allMatch(i -> wanted.test(i.state()));
            });
            if (done) {
                return;
            }
            CreateToReady.sleep(100);
        }
        throw new IllegalStateException("the window never showed all " + count + " instances " + what);
    }

    static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(2, TimeUnit.MINUTES);
    }
}

package io.dbdock.bench;

import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.store.TestRecords;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time to the first frame that shows the instance list, 50 instances stored: {@code java -jar
 * dbdock.jar --smoke-test} against a JavaFX hello-world window launched the same way from the
 * same jar, alternately. Each is timed on this process's clock, from just before it is started to
 * the wall-clock time it prints at its first frame. (The "ms after process start" both print comes
 * from the OS's process start time, which Linux rounds to its boot second: up to a second more than
 * the truth, the same for both, so it flattered the ratio. It stays in the note.)
 */
final class FirstFrame {
    static final int STORED = 50;
    private static final Pattern FRAME = Pattern.compile("first frame (\\d+) ms after process start \\(clock (\\d+)\\)");

    private FirstFrame() {
    }

    static List<Figure> run(Path out, Path jar, int repetitions) throws Exception {
        if (System.getenv("DISPLAY") == null) {
            throw new IllegalStateException("first frame needs a display (DISPLAY is not set; run under Xvfb)");
        }
        Path home = Files.createTempDirectory(Files.createDirectories(out.resolve("roots")), "first-frame-");
        try {
            InstanceStore store = new InstanceStore(new DataRoot(home));
            store.update(list -> {
                for (int i = 0; i < STORED; i++) {
                    InstanceRecord r = TestRecords.record("stored-" + i, 20000 + i);
                    list.add(r);
                }
                return null;
            });
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String helloPath = jar + File.pathSeparator + Path.of(HelloFx.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<Figure> figures = new ArrayList<>();
            figures.addAll(compare("", List.of(), java, jar, helloPath, home, repetitions));
            // The same pair with the JVM options the installed app uses (C1 only, serial GC).
            figures.addAll(compare("_product_jvm", BenchEnv.productJvmOptions(), java, jar, helloPath, home, repetitions));
            return figures;
        } finally {
            BenchEnv.deleteTree(home);
        }
    }

    private static List<Figure> compare(String suffix, List<String> jvm, String java, Path jar, String helloPath, Path home,
                                        int repetitions) throws Exception {
        List<String> dbdockCommand = new ArrayList<>(List.of(java));
        dbdockCommand.addAll(jvm);
        dbdockCommand.addAll(List.of("-jar", jar.toString(), "--smoke-test"));
        List<String> helloCommand = new ArrayList<>(List.of(java));
        helloCommand.addAll(jvm);
        helloCommand.addAll(List.of("-cp", helloPath, HelloFx.class.getName()));
        // One unmeasured run of each fills the page cache.
        launch(dbdockCommand, home);
        launch(helloCommand, home);
        List<Long> dbdock = new ArrayList<>();
        List<Long> hello = new ArrayList<>();
        List<Long> dbdockSaid = new ArrayList<>();
        List<Long> helloSaid = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            long[] d = launch(dbdockCommand, home);
            dbdock.add(d[0]);
            dbdockSaid.add(d[1]);
            long[] h = launch(helloCommand, home);
            hello.add(h[0]);
            helloSaid.add(h[1]);
        }
        double d = Stats.median(dbdock);
        double h = Stats.median(hello);
        String how = jvm.isEmpty() ? "java -jar, JVM defaults" : "java " + String.join(" ", jvm) + " -jar";
        String note = "median of " + repetitions + "; dbdock ms " + Stats.sorted(dbdock) + ", hello ms " + Stats.sorted(hello)
                + " from launch; " + how + "; after the OS's process start time: dbdock " + Stats.sorted(dbdockSaid) + ", hello "
                + Stats.sorted(helloSaid) + " (ratio " + String.format(Locale.ROOT, "%.2f",
                Stats.median(dbdockSaid) / Stats.median(helloSaid)) + ")";
        return List.of(Figure.reported("first_frame" + suffix + "_dbdock", d, "ms", STORED + " stored instances, " + how),
                Figure.reported("first_frame" + suffix + "_hello", h, "ms", "JavaFX hello world from the same jar, " + how),
                Figure.atMost("first_frame" + suffix + "_ratio", d / h, "x", 1.25, note));
    }

    /** Milliseconds from launch to the first frame on this clock, and what the process said (after its OS start time). */
    private static long[] launch(List<String> command, Path home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("DBDOCK_HOME", home.toString(), "DBDOCK_IMAGE_PREFIX", BenchEnv.IMAGE_PREFIX));
        long launched = System.currentTimeMillis();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        Matcher m = FRAME.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException(String.join(" ", command) + " printed no first frame: " + output);
        }
        if (output.contains("smoke test") && !output.contains("showing " + STORED + " instances")) {
            throw new IllegalStateException("dbdock did not show the " + STORED + " stored instances: " + output);
        }
        return new long[] {Long.parseLong(m.group(2)) - launched, Long.parseLong(m.group(1))};
    }
}

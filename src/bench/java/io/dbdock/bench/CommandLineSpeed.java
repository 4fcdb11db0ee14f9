package io.dbdock.bench;

import io.dbdock.instance.CreateRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How quickly `dbdock` answers on the command line, each command a new process as a script runs
 * it, against baselines in the same run: a trivial Java main on the same runtime and options, and
 * `docker ps`. Three ways to run it: `java -jar target/dbdock.jar` (plain), `target/dbdock` (the
 * build's launcher: the jar with the installed app's options and a class-data archive) and, where
 * installed, /opt/dbdock/bin/dbdock. Then create-to-Ready from the command line (JVM start
 * included) against `docker run` plus a client polled every 50 ms.
 */
final class CommandLineSpeed {
    private static final Path INSTALLED = Path.of("/opt/dbdock/bin/dbdock");

    private CommandLineSpeed() {
    }

    static List<Figure> run(Path out, Path jar, int instances, int repetitions) throws Exception {
        List<Figure> figures = new ArrayList<>();
        try (BenchEnv env = new BenchEnv(out, "cli")) {
            for (int i = 0; i < instances; i++) {
                CreateToReady.create(env, "redis", "cli-" + i);
                if (i % 2 == 1) {
                    env.service.stop("cli-" + i); // half of them running
                }
            }
            Map<String, List<String>> ways = ways(jar);
            List<String> trivial = new ArrayList<>(List.of(java()));
            trivial.addAll(BenchEnv.productJvmOptions());
            trivial.addAll(List.of("-cp", Path.of(TrivialMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                    TrivialMain.class.getName()));
            double main = median(env, trivial, repetitions);
            double dockerPs = median(env, List.of("docker", "ps"), repetitions);
            figures.add(Figure.reported("cli_baseline_trivial_main", main, "ms", "java " + String.join(" ", BenchEnv.productJvmOptions())
                    + " TrivialMain, median of " + repetitions));
            figures.add(Figure.reported("cli_baseline_docker_ps", dockerPs, "ms", "median of " + repetitions));
            Map<String, Double> list = new LinkedHashMap<>();
            for (var way : ways.entrySet()) {
                String w = way.getKey();
                double version = median(env, with(way.getValue(), "--version"), repetitions);
                double url = median(env, with(way.getValue(), "url", "cli-0"), repetitions);
                double ls = median(env, with(way.getValue(), "list"), repetitions);
                list.put(w, ls);
                String note = "median of " + repetitions + "; --version " + Math.round(version) + " ms, url " + Math.round(url)
                        + " ms, list (" + instances + " instances, half running) " + Math.round(ls) + " ms; trivial main "
                        + Math.round(main) + " ms";
                figures.add(Figure.atMost("cli_" + w + "_version_ratio", version / main, "x", 2, note));
                figures.add(Figure.atMost("cli_" + w + "_url_ratio", url / main, "x", 4, note));
                figures.add(Figure.atMost("cli_" + w + "_list_ratio", ls / main, "x", 6, note));
            }
            String fastest = fastestWay(jar).name();
            figures.add(Figure.atMost("cli_jar_vs_fastest_list", list.get("jar") / list.get(fastest), "x", 1.5,
                    "list with java -jar target/dbdock.jar " + Math.round(list.get("jar")) + " ms against " + fastest + " "
                            + Math.round(list.get(fastest)) + " ms"));
            figures.add(createToReady(env, out, ways.get(fastest), fastest, Math.max(1, repetitions / 2)));
        }
        return figures;
    }

    /** A way to run dbdock: its name in the figures and the command that starts it. */
    record Way(String name, List<String> command) {
    }

    /** Every way this machine has: the jar always, the build's launcher and the installed package where present. */
    private static Map<String, List<String>> ways(Path jar) {
        Map<String, List<String>> ways = new LinkedHashMap<>();
        ways.put("jar", List.of(java(), "-jar", jar.toString()));
        Path launcher = jar.resolveSibling("dbdock");
        if (Files.isExecutable(launcher)) {
            ways.put("launcher", List.of(launcher.toString()));
        }
        if (Files.isExecutable(INSTALLED)) {
            ways.put("installed", List.of(INSTALLED.toString()));
        }
        return ways;
    }

    /** The fastest way present: the installed package, else the build's launcher, else the jar. */
    static Way fastestWay(Path jar) {
        Map<String, List<String>> ways = ways(jar);
        String name = ways.containsKey("installed") ? "installed" : ways.containsKey("launcher") ? "launcher" : "jar";
        return new Way(name, ways.get(name));
    }

    /** `dbdock create --engine redis` to Ready as a new process, against docker run + a client every 50 ms, alternately. */
    private static Figure createToReady(BenchEnv env, Path out, List<String> dbdock, String way, int repetitions) throws Exception {
        CreateToReady.Recipe recipe = CreateToReady.recipe(env, "redis");
        CreateToReady.baseline(out, recipe, -1);
        List<Long> cli = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            String name = "cli-create-" + i;
            int code = exec(env, with(dbdock, "create", "--engine", "redis", "--name", name));
            cli.add((System.nanoTime() - start) / 1_000_000);
            if (code != 0) {
                throw new IllegalStateException("dbdock create ended with " + code);
            }
            env.service.delete(name, true);
            baseline.add(CreateToReady.baseline(out, recipe, i));
        }
        double ratio = Stats.median(cli) / Stats.median(baseline);
        return Figure.atMost("cli_create_to_ready_redis_ratio", ratio, "x", 1.25, "median of " + repetitions + " with " + way
                + "; dbdock ms " + Stats.sorted(cli) + ", docker run + client every 50 ms " + Stats.sorted(baseline));
    }

    private static List<String> with(List<String> base, String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        return all;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The median wall time of the command, after one unmeasured run (disk cache, as for a user's second call). */
    private static double median(BenchEnv env, List<String> command, int repetitions) throws Exception {
        exec(env, command);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            int code = exec(env, command);
            times.add((System.nanoTime() - start) / 1_000_000);
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " ended with " + code);
            }
        }
        return Stats.median(times);
    }

    static int exec(BenchEnv env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DBDOCK_HOME", env.root.path().toString());
        pb.environment().put("DBDOCK_IMAGE_PREFIX", BenchEnv.IMAGE_PREFIX);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + new String(output, StandardCharsets.UTF_8));
        }
        return p.exitValue();
    }
}

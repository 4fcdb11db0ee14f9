package io.dbdock.bench;

import io.dbdock.engine.Credentials;
import io.dbdock.engine.ContainerRecipe;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.probe.Probes;
import io.dbdock.probe.ReadinessProbe;
import io.dbdock.model.InstanceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * dbdock's create-to-Ready against the least a script could do: {@code docker run} with the same
 * image, environment, command and kind of mount on a new folder, then a real client every 50 ms
 * until it logs in. Both sides run
 * alternately in the same process; dbdock is warmed up first (as in a running window).
 */
final class CreateToReady {
    private static final long POLL_MS = 50;

    private CreateToReady() {
    }

    static List<Figure> run(Path out, int repetitions) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (String engine : List.of("redis", "postgres")) {
            try (BenchEnv env = new BenchEnv(out, "create-" + engine)) {
                figures.addAll(measure(env, out, engine, repetitions));
            }
        }
        return figures;
    }

    /** What the baseline starts: dbdock's own recipe for the engine, with the reference instance's password. */
    record Recipe(String engine, String image, EngineVersion version, int containerPort, ContainerRecipe recipe,
                          Credentials credentials, ReadinessProbe probe) {
    }

    private static List<Figure> measure(BenchEnv env, Path out, String engine, int repetitions) throws Exception {
        // Warm-up (class loading, first connections), and the instance whose recipe the baseline uses.
        Recipe recipe = recipe(env, engine);
        baseline(out, recipe, -1); // warm the baseline's client too

        List<Long> dbdock = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            // Alternate which goes first, so neither always follows the other's clean-up.
            if (i % 2 == 0) {
                dbdock.add(timeDbdock(env, engine, i));
                baseline.add(baseline(out, recipe, i));
            } else {
                baseline.add(baseline(out, recipe, i));
                dbdock.add(timeDbdock(env, engine, i));
            }
        }
        double d = Stats.median(dbdock);
        double b = Stats.median(baseline);
        String note = "median of " + repetitions + "; dbdock ms " + Stats.sorted(dbdock) + ", baseline ms " + Stats.sorted(baseline);
        return List.of(
                Figure.reported("create_to_ready_" + engine + "_dbdock", d, "ms", note),
                Figure.reported("create_to_ready_" + engine + "_baseline", b, "ms",
                        "docker run (same image, env, command, folder mount; secrets bind-mounted) + a real client every 50 ms"),
                Figure.atMost("create_to_ready_" + engine + "_ratio", d / b, "x", 1.10, note));
    }

    /** Creates (and deletes) a reference instance, whose image, recipe and password the baseline then uses. */
    static Recipe recipe(BenchEnv env, String engine) {
        InstanceSnapshot reference = create(env, engine, engine + "-warm");
        InstanceRecord r = reference.record();
        EngineSpec spec = env.service.engine(r);
        EngineVersion version = spec.version(r.version()).orElseThrow();
        Credentials credentials = new Credentials(r.user(), env.service.password(r), r.database());
        String image = BenchEnv.run("docker", "inspect", "-f", "{{.Config.Image}}", r.containerName());
        Recipe recipe = new Recipe(engine, image, version, spec.containerPort(), spec.recipeFor(version, credentials), credentials,
                Probes.forKind(spec.probe()));
        env.service.delete(r.id().toString(), true);
        return recipe;
    }

    static InstanceSnapshot create(BenchEnv env, String engine, String name) {
        InstanceSnapshot s = env.service.create(CreateRequest.of(engine).withName(name), x -> { }).snapshot();
        if (s.state() != InstanceState.READY) {
            throw new IllegalStateException(name + " ended " + s.state() + ": " + s.detail());
        }
        return s;
    }

    private static long timeDbdock(BenchEnv env, String engine, int i) {
        long start = System.nanoTime();
        InstanceSnapshot s = create(env, engine, engine + "-" + i);
        long ms = (System.nanoTime() - start) / 1_000_000;
        env.service.delete(s.record().id().toString(), true);
        return ms;
    }

    /**
     * One {@code docker run} with dbdock's image, environment, command and data mount on a new
     * folder; the secret files dbdock copies in are bind-mounted instead (less work than a copy).
     * Then a real client (dbdock's probe: a login) every 50 ms until it gets in.
     */
    static long baseline(Path out, Recipe recipe, int i) throws IOException {
        Path base = Files.createDirectories(out.resolve("baseline").resolve(recipe.engine() + "-" + i + "-" + System.nanoTime()));
        Path data = Files.createDirectories(base.resolve("data"));
        String name = "dbdock-bench-baseline-" + recipe.engine() + "-" + (i < 0 ? "warm" : String.valueOf(i));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--name", name,
                "-p", "127.0.0.1:" + port + ":" + recipe.containerPort(),
                "-v", data + ":" + recipe.version().dataMount()));
        Set<String> secretDirs = new TreeSet<>();
        for (Map.Entry<String, String> file : recipe.recipe().secretFiles().entrySet()) {
            Path inContainer = Path.of(file.getKey());
            Path local = base.resolve("secrets").resolve(inContainer.getParent().toString().substring(1)).resolve(inContainer.getFileName());
            Files.createDirectories(local.getParent());
            Files.writeString(local, file.getValue());
            secretDirs.add(inContainer.getParent().toString());
        }
        for (String dir : secretDirs) {
            command.addAll(List.of("-v", base.resolve("secrets").resolve(dir.substring(1)) + ":" + dir + ":ro"));
        }
        recipe.recipe().env().forEach((k, v) -> command.addAll(List.of("-e", k + "=" + v)));
        command.add(recipe.image());
        command.addAll(recipe.recipe().command());
        Endpoint endpoint = new Endpoint("127.0.0.1", port, recipe.credentials());
        BenchEnv.runQuietly("docker", "rm", "-f", "-v", name); // left by an interrupted run
        try {
            long start = System.nanoTime();
            BenchEnv.run(command.toArray(String[]::new));
            long deadline = start + 120_000_000_000L;
            while (!recipe.probe().check(endpoint).isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the baseline " + recipe.engine() + " never became ready: " + String.join(" ", command));
                }
                sleep(POLL_MS);
            }
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            BenchEnv.runQuietly("docker", "rm", "-f", "-v", name);
            // The database's files belong to its uid: empty the folder from inside a container.
            BenchEnv.runQuietly("docker", "run", "--rm", "--network", "none", "-v", data + ":/target", "--entrypoint", "find",
                    recipe.image(), "/target", "-mindepth", "1", "-delete");
            BenchEnv.deleteTree(base);
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.dbdock.bench;

import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cold `dbdock up` of a project of three databases (postgres, redis, mariadb; none exists yet,
 * the images are on the engine) against what a user does without a project file: three
 * `dbdock create` one after another. Each is a new process run the fastest way this machine has
 * (as the cli part chooses), timed until it exits with every database Ready; the two take turns,
 * and every instance is deleted with its data between turns.
 */
final class ProjectUp {
    private static final List<String> ENGINES = List.of("postgres", "redis", "mariadb");

    private ProjectUp() {
    }

    static List<Figure> run(Path out, Path jar, int repetitions) throws Exception {
        List<Long> up = new ArrayList<>();
        List<Long> oneByOne = new ArrayList<>();
        CommandLineSpeed.Way way = CommandLineSpeed.fastestWay(jar);
        try (BenchEnv env = new BenchEnv(out, "project")) {
            Path folder = Files.createTempDirectory(out, "project-");
            Path file = folder.resolve("dbdock.json");
            Files.writeString(file, """
                    {
                      "project": "shop",
                      "databases": {
                        "main": { "engine": "postgres" },
                        "cache": { "engine": "redis" },
                        "orders": { "engine": "mariadb" }
                      },
                      "env": { "vars": { "DATABASE_URL": "{main.uri}", "REDIS_URL": "{cache.uri}", "ORDERS_URL": "{orders.uri}" } }
                    }
                    """, StandardCharsets.UTF_8);
            List<String> upCommand = with(way.command(), "up", "--file", file.toString());
            // Unmeasured: the jar, the images and the engine's first containers warm, as on a user's second project.
            time(env, upCommand);
            clear(env, folder);
            for (int i = 0; i < repetitions; i++) {
                boolean upFirst = i % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == upFirst) {
                        up.add(time(env, upCommand));
                    } else {
                        long total = 0;
                        for (String engine : ENGINES) {
                            total += time(env, with(way.command(), "create", "--engine", engine, "--name", "by-hand-" + engine));
                        }
                        oneByOne.add(total);
                    }
                    clear(env, folder);
                }
            }
            BenchEnv.deleteTree(folder);
        }
        double upMs = Stats.median(up);
        double byHandMs = Stats.median(oneByOne);
        String note = "median of " + repetitions + " with " + way.name() + "; up ms " + Stats.sorted(up)
                + ", three creates one by one ms " + Stats.sorted(oneByOne);
        return List.of(Figure.reported("project_up_cold", upMs, "ms", "dbdock up of postgres + redis + mariadb, none existing; " + note),
                Figure.reported("project_one_by_one", byHandMs, "ms", "dbdock create of the same three, one after another; " + note),
                Figure.reported("project_up_vs_one_by_one", upMs / byHandMs, "x", "cold up / three creates one by one"));
    }

    private static long time(BenchEnv env, List<String> command) throws Exception {
        long start = System.nanoTime();
        int code = CommandLineSpeed.exec(env, command);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " ended with " + code);
        }
        return ms;
    }

    /** Every instance deleted with its data, and the project's .env, so the next turn starts cold. */
    private static void clear(BenchEnv env, Path folder) throws Exception {
        for (InstanceRecord r : new InstanceStore(env.root).load()) {
            env.service.delete(r.id().toString(), true);
        }
        Files.deleteIfExists(folder.resolve(".env"));
    }

    private static List<String> with(List<String> base, String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        return all;
    }
}

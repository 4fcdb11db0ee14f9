package io.dbdock.bench;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many creates at once through one dbdock (as from the window): every one must succeed on its
 * own port. The same number one after another is the baseline for the total time.
 */
final class ConcurrentCreates {
    private ConcurrentCreates() {
    }

    static List<Figure> run(Path out, int count) throws Exception {
        double concurrentSeconds;
        int failures = 0;
        Set<Integer> ports = new HashSet<>();
        List<String> reasons = new ArrayList<>();
        try (BenchEnv env = new BenchEnv(out, "concurrent")) {
            CreateToReady.create(env, "redis", "warm-up");
            ExecutorService pool = Executors.newFixedThreadPool(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<InstanceSnapshot>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "at-once-" + i;
                made.add(pool.submit(() -> {
                    go.await();
                    return env.service.create(CreateRequest.of("redis").withName(name), s -> { }).snapshot();
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<InstanceSnapshot> f : made) {
                try {
                    InstanceSnapshot s = f.get();
                    if (s.state() != InstanceState.READY) {
                        failures++;
                        reasons.add(s.name() + ": " + s.state() + " " + s.detail());
                    }
                    ports.add(s.record().port());
                } catch (java.util.concurrent.ExecutionException e) {
                    failures++;
                    reasons.add(e.getCause().getMessage());
                }
            }
            concurrentSeconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
        }
        double sequentialSeconds;
        try (BenchEnv env = new BenchEnv(out, "sequential")) {
            CreateToReady.create(env, "redis", "warm-up");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                CreateToReady.create(env, "redis", "one-by-one-" + i);
            }
            sequentialSeconds = (System.nanoTime() - start) / 1e9;
        }
        String note = count + " redis creates until Ready" + (reasons.isEmpty() ? "" : "; failures: " + reasons);
        return List.of(Figure.exactly("concurrent_creates_failures", failures, "creates", 0, note),
                Figure.exactly("concurrent_creates_distinct_ports", ports.size(), "ports", count, note),
                Figure.reported("concurrent_creates_total", concurrentSeconds, "s", note + ", all at once"),
                Figure.reported("sequential_creates_total", sequentialSeconds, "s", count + " redis creates one after another"),
                Figure.reported("concurrent_vs_sequential", concurrentSeconds / sequentialSeconds, "x", "total time, at once / one by one"));
    }
}

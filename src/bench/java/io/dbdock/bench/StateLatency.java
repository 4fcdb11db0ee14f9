package io.dbdock.bench;

import io.dbdock.instance.InstanceListener;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.instance.StateMonitor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How long dbdock's model lags behind a change made outside it: {@code docker stop}, {@code
 * docker start} and {@code docker kill} on a Ready redis instance, timed from the engine's own
 * event timestamp (the moment the container died or started) to the state change reaching
 * dbdock's listeners (what the window and the tray observe).
 */
final class StateLatency {
    private record Seen(Instant at, InstanceState state) {
    }

    private StateLatency() {
    }

    static List<Figure> run(Path out, int trials) throws Exception {
        try (BenchEnv env = new BenchEnv(out, "latency")) {
            InstanceSnapshot s = CreateToReady.create(env, "redis", "latency");
            String container = s.record().containerName();
            BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
            env.service.addListener(new InstanceListener() {
                @Override
                public void instanceChanged(InstanceSnapshot snapshot) {
                    seen.add(new Seen(Instant.now(), snapshot.state()));
                }

                @Override
                public void instanceRemoved(UUID id) {
                }
            });
            List<Double> latencies = new ArrayList<>();
            try (StateMonitor monitor = new StateMonitor(env.service, env.docker)) {
                monitor.start();
                CreateToReady.sleep(1000);
                String[] actions = {"stop", "start", "kill", "start"};
                for (int i = 0; i < trials; i++) {
                    String action = actions[i % actions.length];
                    boolean toRunning = action.equals("start");
                    seen.clear();
                    long since = Instant.now().getEpochSecond() - 1;
                    BenchEnv.run("docker", action, container);
                    Seen change = awaitState(seen, toRunning);
                    String event = toRunning ? "start" : "die";
                    String nanos = BenchEnv.run("docker", "events", "--since", String.valueOf(since), "--until",
                            String.valueOf(Instant.now().getEpochSecond() + 1), "--filter", "container=" + container,
                            "--filter", "event=" + event, "--format", "{{.TimeNano}}");
                    String[] lines = nanos.split("\n");
                    long eventNanos = Long.parseLong(lines[lines.length - 1].trim());
                    long changeNanos = change.at().getEpochSecond() * 1_000_000_000L + change.at().getNano();
                    latencies.add((changeNanos - eventNanos) / 1e6);
                    if (toRunning) {
                        awaitReady(seen, change);
                    }
                }
            }
            String note = trials + " trials (stop, start, kill, start, ...), ms from the engine's event to dbdock's model: "
                    + Stats.sorted(latencies).stream().map(v -> Figure.format(v)).toList();
            return List.of(Figure.atMost("state_latency_median", Stats.median(latencies), "ms", 150, note),
                    Figure.atMost("state_latency_max", Stats.max(latencies), "ms", 1000, note));
        }
    }

    private static Seen awaitState(BlockingQueue<Seen> seen, boolean running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Seen s = seen.poll(100, TimeUnit.MILLISECONDS);
            boolean stopped = s != null && (s.state() == InstanceState.STOPPED || s.state() == InstanceState.ERROR);
            if (s != null && (running ? s.state().isRunning() : stopped)) {
                return s;
            }
        }
        throw new IllegalStateException("dbdock never showed the instance " + (running ? "running" : "stopped"));
    }

    private static void awaitReady(BlockingQueue<Seen> seen, Seen first) throws InterruptedException {
        if (first.state() == InstanceState.READY) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Seen s = seen.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && s.state() == InstanceState.READY) {
                return;
            }
        }
        throw new IllegalStateException("the instance never became Ready again");
    }
}

package io.dbdock.bench;

import io.dbdock.docker.DockerConnection;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.InstanceService;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A private dbdock for one benchmark: its own data root under target/bench/roots, the stand-in
 * images, and a Docker connection that counts the API calls made through it. Closing deletes
 * every instance it has, with its data.
 */
final class BenchEnv implements AutoCloseable {
    static final String IMAGE_PREFIX = "dbdock-test/";
    final DataRoot root;
    final InstanceService service;
    /** The engine connection, counting every call made through it. */
    final DockerGateway docker;
    private final DockerConnection connection;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    BenchEnv(Path out, String name) {
        try {
            Path roots = Files.createDirectories(out.resolve("roots"));
            root = new DataRoot(Files.createTempDirectory(roots, name + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connection = DockerConnection.toDiscoveredEngine();
        docker = (DockerGateway) Proxy.newProxyInstance(DockerGateway.class.getClassLoader(),
                new Class<?>[] {DockerGateway.class}, (proxy, method, args) -> {
                    // The engine's place is asked of the engine once per connection, then known: not a call each time.
                    if (!method.getName().equals("place") && !method.getName().equals("quickPlace")) {
                        calls.computeIfAbsent(method.getName(), k -> new AtomicLong()).incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        service = new InstanceService(EngineCatalog.standard(), new InstanceStore(root), Settings.defaults(), docker, root,
                new ImageResolver(Map.of(), IMAGE_PREFIX));
    }

    /** A connection of its own, not counted (for a window started in this process). */
    DockerConnection newConnection() {
        return DockerConnection.toDiscoveredEngine();
    }

    /** Docker API calls made so far through this dbdock (the event stream counts once, when opened). */
    long calls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    Map<String, Long> callsByMethod() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public void close() {
        List<InstanceRecord> left = new InstanceStore(root).load();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (InstanceRecord r : left) {
            pool.execute(() -> {
                try {
                    service.delete(r.id().toString(), true);
                } catch (RuntimeException e) {
                    System.err.println("bench clean-up of " + r.name() + " failed: " + e.getMessage());
                }
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(30, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        deleteTree(root.path());
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench clean-up of " + dir + " failed: " + e.getMessage());
        }
    }

    /**
     * The JVM options the installed app starts with (packaging/app-image.args), less the class-data
     * archive that exists only in an installation: the same JVM settings for a {@code java -jar} run.
     */
    static List<String> productJvmOptions() {
        try {
            List<String> options = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("packaging", "app-image.args"))) {
                if (line.startsWith("--java-options ")) {
                    String option = line.substring("--java-options ".length()).trim();
                    if (!option.contains("$APPDIR") && !option.startsWith("-Xshare") && !option.startsWith("-Xlog:cds")) {
                        options.add(option);
                    }
                }
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read packaging/app-image.args (run from the project folder)", e);
        }
    }

    /** Runs a command, returns its standard output; fails on a non-zero exit. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a clean-up command; its failure (nothing to clean) does not matter. */
    static void runQuietly(String... command) {
        try {
            run(command);
        } catch (IllegalStateException | UncheckedIOException nothingToDo) {
            // already gone
        }
    }

    static List<String> docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return command;
    }
}

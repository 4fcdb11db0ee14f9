package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.docker.DockerConnection;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pull path for real: a local registry (Debian's docker-registry) serves an image whose layer
 * this engine does not have, and dbdock pulls it with progress before creating the instance.
 */
@RequiresDocker
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PullIT {
    private static final String REGISTRY_BINARY = "/usr/bin/docker-registry";
    private static Process registry;
    private static Path registryDir;
    private static String repository;
    private static Path config;
    private static int port;

    @BeforeAll
    static void startRegistryWithAFreshImage() throws Exception {
        Requirements.requireDocker();
        if (!Files.isExecutable(Path.of(REGISTRY_BINARY))) {
            Requirements.unavailable("dbdock.docker.required",
                    "PULL TEST SKIPPED: " + REGISTRY_BINARY + " is missing (apt-get install docker-registry)");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        registryDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "registry-");
        config = registryDir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + registryDir.resolve("data") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        launchRegistry();

        // A copy of the redis stand-in in one new layer (without the other engines' files), so
        // nothing of it is on this engine once the local copy is removed: dbdock must download it all.
        repository = "127.0.0.1:" + port + "/dbdock-pull/redis";
        String image = repository + ":8";
        String container = Docker.run("create", Requirements.IMAGE_PREFIX + "redis:8");
        try {
            importFiltered(container, image);
        } finally {
            Docker.run("rm", "-v", container);
        }
        Docker.run("push", image);
        Docker.run("rmi", image);
    }

    private static void launchRegistry() throws Exception {
        registry = new ProcessBuilder(REGISTRY_BINARY, "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(registryDir.resolve("registry.log").toFile())).start();
        waitForRegistry(port);
    }

    private static void waitForRegistry(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the local registry did not start: " + Files.readString(registryDir.resolve("registry.log")));
    }

    private static void importFiltered(String container, String image) throws Exception {
        Process export = new ProcessBuilder("docker", "export", container).start();
        Process importer = new ProcessBuilder("docker", "import",
                "-c", "ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"]", "-c", "CMD [\"redis-server\"]",
                "-c", "WORKDIR /data", "-c", "ENV LANG=C.UTF-8", "-", image)
                .redirectErrorStream(true).start();
        List<String> skipped = List.of("usr/lib/jvm/", "usr/lib/postgresql/", "usr/share/", "usr/lib/x86_64-linux-gnu/perl",
                "usr/sbin/mariadbd", "usr/bin/mariadb", "usr/bin/mysql", "usr/lib/mysql/", "opt/");
        try (InputStream in = export.getInputStream(); TarArchiveInputStream tin = new TarArchiveInputStream(in);
             OutputStream out = importer.getOutputStream(); TarArchiveOutputStream tout = new TarArchiveOutputStream(out)) {
            tout.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tout.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e;
            while ((e = tin.getNextEntry()) != null) {
                String name = e.getName();
                if (skipped.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                tout.putArchiveEntry(e);
                if (e.isFile()) {
                    tin.transferTo(tout);
                }
                tout.closeArchiveEntry();
            }
            tout.finish();
        }
        String importOutput = new String(importer.getInputStream().readAllBytes());
        assertTrue(importer.waitFor(120, TimeUnit.SECONDS) && importer.exitValue() == 0, importOutput);
        export.waitFor(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
        if (repository != null) {
            new ProcessBuilder("docker", "rmi", repository + ":8").start().waitFor(60, TimeUnit.SECONDS);
        }
        if (registryDir != null) {
            try (var files = Files.walk(registryDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static InstanceService serviceOnTheRegistry(TestInstances t) {
        // The settings file's per-engine repository override points redis at the local registry.
        return new InstanceService(EngineCatalog.standard(), new InstanceStore(t.root),
                new Settings(Map.of("redis", repository), ""), DockerConnection.toDiscoveredEngine(), t.root,
                new ImageResolver(Map.of("redis", repository), Requirements.IMAGE_PREFIX));
    }

    /** The registry dies half-way through the download: a plain reason, nothing left behind; once it is back, create works. */
    @Test
    @org.junit.jupiter.api.Order(1)
    void aPullCutOffHalfWayFailsCleanlyAndARetryWorks() throws Exception {
        try (TestInstances t = new TestInstances()) {
            InstanceService service = serviceOnTheRegistry(t);
            assertFalse(t.docker.imageExists(repository + ":8"));
            String name = t.name("cut");
            java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
            long start = System.nanoTime();
            io.dbdock.common.UserFacingException e = org.junit.jupiter.api.Assertions.assertThrows(io.dbdock.common.UserFacingException.class,
                    () -> service.create(CreateRequest.of("redis").withName(name), snap -> {
                        if (snap.state() == InstanceState.PULLING && snap.progress() > 0 && cut.compareAndSet(false, true)) {
                            registry.destroyForcibly(); // mid-download
                        }
                    }));
            System.out.println("TIMING pull cut at the first progress step; create failed after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms: " + e.getMessage());
            assertTrue(cut.get(), "the registry was stopped during the pull");
            assertTrue(e.getMessage().contains("Could not download the image " + repository + ":8"), e.getMessage());
            assertTrue(service.snapshots().isEmpty(), "no record is left");
            assertFalse(t.docker.inspect("dbdock-" + name).isPresent(), "no container is left");
            assertFalse(Files.exists(t.root.instancesDir().resolve(name)), "no folder is left");

            launchRegistry();
            InstanceSnapshot s = service.create(CreateRequest.of("redis").withName(name), x -> { }).snapshot();
            assertEquals(InstanceState.READY, s.state(), s.detail());
            service.delete(name, true);
            Docker.run("rmi", repository + ":8"); // the next test pulls it again
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void createPullsAMissingImageWithProgressThenReachesReady() throws Exception {
        try (TestInstances t = new TestInstances()) {
            InstanceService service = serviceOnTheRegistry(t);
            assertFalse(t.docker.imageExists(repository + ":8"), "the image must not be here before the test");
            List<InstanceSnapshot> seen = new CopyOnWriteArrayList<>();
            InstanceSnapshot s = service.create(CreateRequest.of("redis").withName(t.name("pulled")), seen::add).snapshot();
            assertEquals(InstanceState.READY, s.state(), s.detail());
            List<Integer> progress = seen.stream().filter(x -> x.state() == InstanceState.PULLING).map(InstanceSnapshot::progress).toList();
            System.out.println("TIMING pull progress steps " + progress.size() + ": " + progress);
            assertTrue(progress.size() >= 3, "pull progress was reported: " + progress);
            assertEquals(100, progress.get(progress.size() - 1));
            assertTrue(progress.stream().anyMatch(p -> p > 0 && p < 100), "intermediate percentages: " + progress);
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back: " + progress);
            }
            assertTrue(t.docker.imageExists(repository + ":8"));
            service.delete(s.name(), true);
        }
    }

    /** dbdock killed (as SIGKILL would) while the image downloads: the next dbdock rolls the create back and says so. */
    @Test
    @org.junit.jupiter.api.Order(3)
    void aCreateKilledDuringThePullIsRolledBack() throws Exception {
        try (TestInstances t = new TestInstances()) {
            io.dbdock.app.SettingsService.open(t.root).update(s -> new Settings(Map.of("redis", repository), ""));
            String name = t.name("killed-pull");
            new ProcessBuilder("docker", "rmi", repository + ":8").start().waitFor(); // pulled by the test before
            assertFalse(t.docker.imageExists(repository + ":8"), "the image must not be here before the test");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Ddbdock.test.killAt=create:pulling", "-jar", System.getProperty("dbdock.jar", "target/dbdock.jar"),
                    "create", "--engine", "redis", "--name", name);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(Map.of("DBDOCK_HOME", t.root.path().toString(), "DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX));
            Process cli = pb.start();
            String out = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(cli.waitFor(120, TimeUnit.SECONDS), out);
            assertEquals(137, cli.exitValue(), "the CLI was halted during the pull: " + out);
            assertEquals(1, new InstanceStore(t.root).load().size(), "the killed create left its record");

            InstanceService next = serviceOnTheRegistry(t);
            assertEquals(List.of(), next.refresh(false), "no half instance is left");
            assertTrue(next.storeNotice().orElse("").contains("The creation of '" + name + "' was interrupted; dbdock removed"),
                    next.storeNotice().orElse(""));
            assertFalse(t.docker.inspect("dbdock-" + name).isPresent(), "no container is left");
            assertFalse(Files.exists(t.root.instancesDir().resolve(name)), "no folder is left");
            InstanceSnapshot retried = next.create(CreateRequest.of("redis").withName(name), x -> { }).snapshot();
            assertEquals(InstanceState.READY, retried.state(), retried.detail());
            next.delete(name, true);
            next.close();
        }
    }
}

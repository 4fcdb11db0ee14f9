package io.dbdock.it;

import io.dbdock.docker.DockerConnection;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceListener;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceState;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A private dbdock for one test: its own data root under target/it-data, the stand-in images,
 * unique instance names. Closing deletes every instance it still has, with its data. As an
 * instance field with {@code @RegisterExtension} it is closed after each test.
 */
public final class TestInstances implements AutoCloseable, AfterEachCallback {
    public final DataRoot root;
    public final InstanceService service;
    public final DockerConnection docker;
    private final String prefix = "it" + UUID.randomUUID().toString().substring(0, 6);

    public TestInstances() {
        this(null);
    }

    /** On the given engine connection (the discovered engine when null). */
    public TestInstances(DockerConnection connection) {
        Requirements.requireDocker();
        try {
            Path base = Path.of("target", "it-data").toAbsolutePath();
            Files.createDirectories(base);
            root = new DataRoot(Files.createTempDirectory(base, "root-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        docker = connection != null ? connection : DockerConnection.toDiscoveredEngine();
        service = new InstanceService(EngineCatalog.standard(), new InstanceStore(root), Settings.defaults(), docker, root,
                new ImageResolver(Map.of(), Requirements.IMAGE_PREFIX));
        // Ready means the password file exists: remember it for LogAuditIT, even if the test deletes the instance.
        service.addListener(new InstanceListener() {
            @Override
            public void instanceChanged(InstanceSnapshot snapshot) {
                if (snapshot.state() == InstanceState.READY) {
                    SecretLedger.recordPasswordsUnder(root.path());
                }
            }

            @Override
            public void instanceRemoved(UUID id) {
            }
        });
    }

    /** A name no other test uses. */
    public String name(String suffix) {
        return prefix + "-" + suffix;
    }

    public InstanceSnapshot create(CreateRequest request) {
        return service.create(request, s -> { }).snapshot();
    }

    public InstanceRecord record(String name) {
        return service.find(name);
    }

    /** The values a test wrote into an instance (see {@link DataClient}), read with its stored credentials. */
    public java.util.List<String> read(String name) throws Exception {
        InstanceRecord r = record(name);
        return DataClient.read(service.engine(r), service.endpoint(r));
    }

    public void write(String name, String value) throws Exception {
        InstanceRecord r = record(name);
        DataClient.write(service.engine(r), service.endpoint(r), value);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        SecretLedger.keepFrom(root.path());
        for (InstanceRecord r : new InstanceStore(root).load()) {
            try {
                service.delete(r.id().toString(), true);
            } catch (RuntimeException e) {
                System.err.println("cleanup of " + r.name() + " failed: " + e.getMessage());
            }
        }
        service.close();
        try (Stream<Path> files = Files.walk(root.path())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cleanup of " + root.path() + " failed: " + e.getMessage());
        }
    }
}

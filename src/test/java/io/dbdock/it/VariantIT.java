package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import io.dbdock.engine.Endpoint;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each PostgreSQL variant on its real extension (Debian's pgvector, PostGIS and TimescaleDB
 * packages for the same servers): created and Ready with the extension installed, used by a real
 * query, backed up, made into a new instance from the backup (which picks the variant by itself),
 * and upgraded 17 -> 18 within the variant, the data and the extension kept each time.
 */
@RequiresDocker
class VariantIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private Endpoint endpoint(String name) {
        return t.service.endpoint(t.record(name));
    }

    /**
     * TimescaleDB goes 16 -> 17: its dump loads only into the same TimescaleDB release, and Debian's
     * 17 and 18 carry different ones (the project's images carry one release for every major; the
     * refusal is tested below).
     */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"pgvector,17,18", "postgis,17,18", "timescaledb,16,17"})
    void aVariantKeepsItsExtensionAndDataThroughBackupRestoreAndUpgrade(String variant, String from, String to) throws Exception {
        String name = t.name(variant);
        String extension = t.service.catalog().find("postgres", variant).orElseThrow().variant().enable().get(0);
        InstanceSnapshot s = t.create(CreateRequest.of("postgres").withVersion(from).withName(name).withVariant(variant));
        assertEquals(InstanceState.READY, s.state(), s.detail());
        String installed = VariantQueries.extensionVersion(endpoint(name), extension);
        System.out.printf("VARIANT %s on %s: %s %s%n", variant, from, extension, installed);
        assertFalse(installed.isEmpty(), extension + " is created");
        VariantQueries.write(variant, endpoint(name));
        assertEquals(VariantQueries.expected(variant), VariantQueries.read(variant, endpoint(name)));

        Path backup = t.root.path().resolve(variant + ".sql.gz");
        t.service.backup(name, backup, null);
        InstanceService.Created copy = t.service.restoreAsNew(backup, name + "-copy", null, null, null);
        InstanceRecord made = copy.snapshot().record();
        assertEquals(InstanceState.READY, copy.snapshot().state(), copy.snapshot().detail());
        assertEquals(variant, made.variant(), "the new instance got the variant the backup needs");
        assertEquals(VariantQueries.expected(variant), VariantQueries.read(variant, endpoint(made.name())));
        assertFalse(VariantQueries.extensionVersion(endpoint(made.name()), extension).isEmpty());
        if (variant.equals("timescaledb")) {
            assertEquals(3, VariantQueries.chunks(endpoint(made.name())), "the hypertable's chunks came along");
        }

        InstanceService.Upgraded up = t.service.upgrade(name, to, null);
        assertEquals(InstanceState.READY, up.snapshot().state(), up.snapshot().detail());
        InstanceRecord after = t.record(name);
        assertEquals(variant, after.variant());
        String image = Docker.run("inspect", "-f", "{{.Config.Image}}", after.containerName());
        String tag = t.service.engine(after).version(to).orElseThrow().tag();
        assertTrue(image.endsWith(":" + tag), "the variant's " + to + " image: " + image);
        assertEquals(VariantQueries.expected(variant), VariantQueries.read(variant, endpoint(name)));
        String upgraded = VariantQueries.extensionVersion(endpoint(name), extension);
        System.out.printf("VARIANT %s on %s: %s %s%n", variant, to, extension, upgraded);
        if (variant.equals("timescaledb")) {
            assertEquals(3, VariantQueries.chunks(endpoint(name)));
        }
        assertFalse(upgraded.isEmpty());
    }

    /** A backup that needs pgvector does not go into plain PostgreSQL: refused before anything changes. */
    @Test
    void aPlainInstanceRefusesABackupThatNeedsAVariantAndStaysAsItWas() throws Exception {
        String source = t.name("vec-src");
        String plain = t.name("plain");
        t.create(CreateRequest.of("postgres").withVersion("17").withName(source).withVariant("pgvector"));
        VariantQueries.write("pgvector", endpoint(source));
        Path backup = t.root.path().resolve("vectors.sql.gz");
        t.service.backup(source, backup, null);
        t.create(CreateRequest.of("postgres").withVersion("17").withName(plain));
        t.write(plain, "mine");
        String container = Docker.run("inspect", "-f", "{{.Id}}", t.record(plain).containerName());

        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.restore(plain, backup, null));
        assertTrue(e.getMessage().startsWith("'" + plain + "' (plain PostgreSQL) does not have the extension vector that vectors.sql.gz uses."),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was changed."), e.getMessage());
        assertEquals(container, Docker.run("inspect", "-f", "{{.Id}}", t.record(plain).containerName()), "the same container");
        assertEquals(java.util.List.of("mine"), t.read(plain), "and the same data");
        assertTrue(Files.isRegularFile(backup));
    }

    /**
     * TimescaleDB 2.19 (Debian's for 17) to 2.31 (for 18): the new image lacks the running release,
     * so the upgrade stops before anything is replaced (the new image is asked first) and the
     * instance stays as it was, running.
     */
    @Test
    void aTimescaleUpgradeToAnImageWithoutItsReleaseIsRefusedPlainly() throws Exception {
        String name = t.name("ts-pinned");
        t.create(CreateRequest.of("postgres").withVersion("17").withName(name).withVariant("timescaledb"));
        VariantQueries.write("timescaledb", endpoint(name));
        String running = VariantQueries.extensionVersion(endpoint(name), "timescaledb");
        String data = t.record(name).storageLocation();
        String container = Docker.run("inspect", "-f", "{{.Id}}", t.record(name).containerName());
        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.upgrade(name, "18", null));
        assertTrue(e.getMessage().startsWith("'" + name + "' runs timescaledb " + running + ", but the PostgreSQL + TimescaleDB 18 image has "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was changed."), e.getMessage());
        assertEquals("17", t.record(name).version());
        assertEquals(data, t.record(name).storageLocation(), "on the same data");
        assertEquals(container, Docker.run("inspect", "-f", "{{.Id}}", t.record(name).containerName()),
                "refused before anything was replaced: the same container, never stopped");
        assertEquals("true", Docker.run("inspect", "-f", "{{.State.Running}}", t.record(name).containerName()));
        assertEquals(InstanceState.READY, t.service.start(name, true).state(), "running again, on its old data");
        assertEquals(VariantQueries.expected("timescaledb"), VariantQueries.read("timescaledb", endpoint(name)));
    }
}

package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.engine.EngineCatalog;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog entry can be created and reaches Ready (its data path, env and command fit the
 * image), and the server that answers is the real one the test images promise (servers.tsv): the
 * run's output lists, per tag, the version the server itself reports.
 */
@RequiresDocker
class EveryVersionIT {
    private static TestInstances t;

    @BeforeAll
    static void setUp() {
        Requirements.requireDocker();
        t = new TestInstances();
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    static Stream<Arguments> versions() {
        return EngineCatalog.standard().all().stream().flatMap(e -> e.versions().stream().map(v -> Arguments.of(e.id(), v.version())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versions")
    void reachesReadyOnTheServerTheTestImagesPromise(String engine, String version) throws Exception {
        String name = t.name(engine + "-" + version.replace('.', '-'));
        InstanceSnapshot s = t.create(CreateRequest.of(engine).withVersion(version).withName(name));
        assertEquals(InstanceState.READY, s.state(), s.detail());
        assertEquals(version, t.docker.listManaged().stream()
                .filter(c -> c.name().equals(s.record().containerName())).findFirst().orElseThrow()
                .label("io.dbdock.version"));
        String answers = DataClient.serverVersion(t.service.engine(s.record()), t.service.endpoint(s.record()));
        String expected = TestImages.server(engine, version);
        System.out.printf("SERVER %s:%s answered by %s%n", engine, version, answers);
        if (!"stand-in".equals(expected)) {
            assertTrue(answers.startsWith(expected + "."), engine + ":" + version + " should be answered by " + expected + ".x: " + answers);
        }
        t.service.delete(name, true);
    }

    static Stream<Arguments> variants() {
        EngineCatalog catalog = EngineCatalog.standard();
        return catalog.all().stream().flatMap(e -> e.variantSpecs().stream()).flatMap(v -> v.versions().stream()
                .map(x -> Arguments.of(v.id(), v.variantId(), x.version())));
    }

    /** Every variant and version: its own image, Ready, its real server, and its extensions created by dbdock. */
    @ParameterizedTest(name = "{0}+{1} {2}")
    @MethodSource("variants")
    void everyVariantReachesReadyWithItsExtensions(String engine, String variant, String version) throws Exception {
        String name = t.name(variant.replace('+', '-') + "-" + version);
        InstanceSnapshot s = t.create(CreateRequest.of(engine).withVersion(version).withName(name).withVariant(variant));
        assertEquals(InstanceState.READY, s.state(), s.detail());
        io.dbdock.engine.EngineSpec spec = t.service.engine(s.record());
        assertEquals(variant, spec.variantId());
        String image = Docker.run("inspect", "-f", "{{.Config.Image}}", s.record().containerName());
        assertTrue(image.endsWith(spec.repository() + ":" + spec.version(version).orElseThrow().tag()), image);
        String answers = DataClient.serverVersion(spec, t.service.endpoint(s.record()));
        System.out.printf("SERVER %s+%s:%s answered by %s%n", engine, variant, version, answers);
        assertTrue(answers.startsWith(TestImages.server(spec, version) + "."), answers);
        for (String extension : spec.variant().enable()) {
            assertFalse(VariantQueries.extensionVersion(t.service.endpoint(s.record()), extension).isEmpty(),
                    extension + " is created in the instance's database");
        }
        t.service.delete(name, true);
    }
}

package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}

package io.dbdock.it;

import org.junit.jupiter.api.Test;

/**
 * Runs before every other integration test (its own failsafe execution, see pom.xml): writes down
 * what the test engine holds, so {@link EngineLeftoversIT} can tell what the suite left behind.
 */
@RequiresDocker
class EngineBaselineIT {
    @Test
    void recordWhatTheEngineHoldsBeforeTheSuite() throws Exception {
        Requirements.requireDocker();
        EngineObjects before = EngineObjects.now();
        before.save();
        System.out.printf("ENGINE BASELINE: %d volumes (%d dangling), %d containers, %d networks before the suite%n",
                before.volumes().size(), before.dangling().size(), before.containers().size(), before.networks().size());
    }
}

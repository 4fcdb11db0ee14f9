package io.dbdock.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dbdock.engine.Credentials;
import io.dbdock.engine.Endpoint;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class JdbcProbeTest {
    @Test
    void mysqlProbeMayFetchTheServerKeyForCachingSha2OverPlainTcp() {
        assertEquals("true", JdbcProbe.mysql().properties().getProperty("allowPublicKeyRetrieval"));
    }

    @Test
    void nothingListeningIsNotReadyNotAnError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Endpoint closed = new Endpoint("127.0.0.1", port, new Credentials("u", "p", "d"));
        for (ReadinessProbe probe : new ReadinessProbe[] {JdbcProbe.postgres(), JdbcProbe.mysql(), new RedisProbe()}) {
            assertEquals(ProbeResult.Outcome.NOT_READY, probe.check(closed).outcome(), probe.getClass().getSimpleName());
        }
    }
}

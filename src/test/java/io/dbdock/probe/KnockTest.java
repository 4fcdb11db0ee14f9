package io.dbdock.probe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.engine.ProbeKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The knock against local sockets that answer as a server would, or as Docker's port proxy does
 * while the server behind it is not listening (accept, then close). Real servers: ClientAccessIT.
 */
class KnockTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    /** Serves one connection: reads {@code expect} bytes, then writes {@code reply} (null: closes at once). */
    private static ServerSocket serving(int expect, byte[] reply) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                in.readNBytes(expect);
                if (reply != null) {
                    OutputStream out = s.getOutputStream();
                    out.write(reply);
                    out.flush();
                    in.read(); // until the client hangs up
                }
            } catch (IOException ignored) {
                // the client went away
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static boolean knock(ProbeKind kind, ServerSocket server) {
        try (server) {
            return Knock.answers(kind, "127.0.0.1", server.getLocalPort(), DEADLINE);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aServerThatAnswersInItsProtocolCounts() throws IOException {
        assertTrue(knock(ProbeKind.POSTGRES, serving(8, new byte[] {'N'})));
        byte[] greeting = {0x4a, 0, 0, 0, 10, '9', '.', '7'};
        assertTrue(knock(ProbeKind.MYSQL, serving(0, greeting)));
        assertTrue(knock(ProbeKind.REDIS, serving(6, "-NOAUTH Authentication required.\r\n".getBytes(StandardCharsets.US_ASCII))));
        byte[] reply = new byte[40];
        reply[0] = 40; // length, little-endian
        reply[8] = 1; // in answer to request 1
        assertTrue(knock(ProbeKind.MONGO, serving(16, reply)));
    }

    @Test
    void aPortProxyWithNothingBehindItOrAWrongAnswerDoesNot() throws IOException {
        for (ProbeKind kind : ProbeKind.values()) {
            assertFalse(knock(kind, serving(0, null)), kind + ": accepted, then closed");
        }
        byte[] tooMany = {0x17, 0, 0, 0, (byte) 0xff, 0x10, 0x04};
        assertFalse(knock(ProbeKind.MYSQL, serving(0, tooMany)), "an error packet instead of a handshake");
        assertFalse(knock(ProbeKind.REDIS, serving(6, "-LOADING Redis is loading the dataset in memory\r\n".getBytes(StandardCharsets.US_ASCII))));
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        assertFalse(Knock.answers(ProbeKind.POSTGRES, "127.0.0.1", free, DEADLINE), "nothing listening");
    }
}

package io.dbdock.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the bridge does with the engine's answer for a local connection that hung up first. */
class SocketOutTest {
    @TempDir
    Path dir;

    @Test
    void anAnswerForAConnectionThatHungUpIsDroppedAndItsChannelClosedOnceAndClosingTheStreamKeepsTheConnection() throws Exception {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
            try (SocketChannel accepted = server.accept()) {
                AtomicInteger hangUps = new AtomicInteger();
                SshLink.SocketOut out = new SshLink.SocketOut(accepted, hangUps::incrementAndGet);

                out.write("answer".getBytes(), 0, 6);
                ByteBuffer got = ByteBuffer.allocate(16);
                client.read(got);
                assertEquals("answer", new String(got.array(), 0, got.position()), "passed on while the client listens");
                assertEquals(0, hangUps.get());

                out.close(); // as MINA does when a channel is refused: the connection may still be tried on another
                out.write("more".getBytes(), 0, 4);
                got.clear();
                client.read(got);
                assertEquals("more", new String(got.array(), 0, got.position()), "closing the stream leaves the connection open");

                client.close();
                byte[] late = new byte[64 * 1024];
                for (int i = 0; i < 4; i++) {
                    out.write(late, 0, late.length); // would throw "Broken pipe" into MINA's read loop
                }
                assertEquals(1, hangUps.get(), "the channel is closed once, the rest dropped");
            }
        }
    }
}

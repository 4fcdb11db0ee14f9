package io.dbdock.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The user's ssh-agent, spoken to on its Unix socket ($SSH_AUTH_SOCK). MINA's own agent client
 * needs the native APR library; Java has Unix sockets since 16, so this is the few lines the
 * protocol needs: a length-prefixed request, a length-prefixed answer. Keys never leave the
 * agent: it signs, dbdock sends the signature.
 */
final class AgentSocket extends AbstractAgentProxy {
    /** An agent answer is a key list or a signature; anything near this is not an agent. */
    private static final int LARGEST_ANSWER = 256 * 1024;

    private final SocketChannel channel;

    private AgentSocket(SocketChannel channel) {
        super(null);
        this.channel = channel;
    }

    static AgentSocket connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new AgentSocket(channel);
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        prepare(buffer);
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer length = ByteBuffer.allocate(4);
        readFully(length);
        int size = length.flip().getInt();
        if (size <= 0 || size > LARGEST_ANSWER) {
            throw new IOException("the SSH agent sent an answer of " + size + " bytes");
        }
        ByteBuffer answer = ByteBuffer.allocate(size);
        readFully(answer);
        return new ByteArrayBuffer(answer.array());
    }

    private void readFully(ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new IOException("the SSH agent closed the connection");
            }
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package io.dbdock.probe;

import io.dbdock.engine.ProbeKind;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Whether a database server answers on its port, in its own protocol, without logging in: a
 * few bytes each way, no driver, no password. What read-only commands use ({@code dbdock list})
 * to tell a server that answers from one still starting. A bare TCP connect proves nothing here:
 * Docker's port proxy accepts connections while the server behind it is not listening yet.
 */
public final class Knock {
    private Knock() {
    }

    public static boolean answers(ProbeKind kind, String host, int port, Duration deadline) {
        int ms = (int) Math.max(1, deadline.toMillis());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), ms);
            s.setSoTimeout(ms);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            return switch (kind) {
                case POSTGRES -> postgres(out, in);
                case MYSQL -> mysql(in);
                case REDIS -> redis(out, in);
                case MONGO -> mongo(out, in);
            };
        } catch (IOException e) {
            return false;
        }
    }

    /** An SSLRequest; a server that accepts connections answers one byte, S or N. */
    private static boolean postgres(OutputStream out, InputStream in) throws IOException {
        out.write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
        out.flush();
        int b = in.read();
        return b == 'S' || b == 'N';
    }

    /** The server speaks first: a handshake packet of protocol version 10 (not an error packet such as "too many connections"). */
    private static boolean mysql(InputStream in) throws IOException {
        byte[] header = new DataInputStream(in).readNBytes(5);
        return header.length == 5 && header[4] == 10;
    }

    /** PING: +PONG, or -NOAUTH when a password is set; -LOADING while the data loads does not count. */
    private static boolean redis(OutputStream out, InputStream in) throws IOException {
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] reply = in.readNBytes(7);
        String text = new String(reply, StandardCharsets.US_ASCII);
        return text.startsWith("+PONG") || text.startsWith("-NOAUTH");
    }

    /** An OP_MSG {hello: 1, $db: "admin"}, which any server answers before authentication with a reply message. */
    private static boolean mongo(OutputStream out, InputStream in) throws IOException {
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        doc.write(0x10);
        doc.write("hello\0".getBytes(StandardCharsets.US_ASCII));
        doc.writeBytes(le(1));
        doc.write(0x02);
        doc.write("$db\0".getBytes(StandardCharsets.US_ASCII));
        doc.writeBytes(le(6));
        doc.write("admin\0".getBytes(StandardCharsets.US_ASCII));
        doc.write(0);
        byte[] body = doc.toByteArray();
        int docLength = body.length + 4;
        int length = 16 + 4 + 1 + docLength;
        ByteBuffer msg = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        msg.putInt(length).putInt(1).putInt(0).putInt(2013) // header: length, request id, response to, OP_MSG
                .putInt(0).put((byte) 0).putInt(docLength).put(body);
        out.write(msg.array());
        out.flush();
        byte[] header = in.readNBytes(16);
        if (header.length < 16) {
            return false;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int replyLength = h.getInt(0);
        int responseTo = h.getInt(8);
        return replyLength > 16 && responseTo == 1;
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}

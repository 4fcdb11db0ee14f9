package io.dbdock.docker;

import io.dbdock.common.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * dbdock's containers in one plain HTTP request over the engine's Unix socket, for a command that
 * needs nothing else from Docker ({@code dbdock list}): setting up docker-java and its HTTP client
 * costs a short-lived process about a third of a second, the request a few milliseconds. The
 * unversioned path is the engine's own API version. Anything unusual (no Unix socket, no answer in
 * time, an error status) returns empty, and the caller connects properly, with its full error messages.
 */
final class SocketListing {
    private static final long DEADLINE_MS = 3000;

    private SocketListing() {
    }

    static Optional<List<ContainerSummary>> listManaged(List<DockerEndpoints.Candidate> candidates) {
        if (candidates.isEmpty() || !candidates.get(0).host().startsWith("unix://")) {
            return Optional.empty();
        }
        Path socket = Path.of(candidates.get(0).host().substring("unix://".length()));
        String filters = URLEncoder.encode("{\"label\":[\"" + Labels.MANAGED + "=true\"]}", StandardCharsets.UTF_8);
        try {
            byte[] body = get(socket, "/containers/json?all=1&filters=" + filters);
            if (body == null) {
                return Optional.empty();
            }
            List<ContainerSummary> result = new ArrayList<>();
            if (!(JsonValues.parse(body) instanceof List<?> containers)) {
                return Optional.empty();
            }
            for (Object container : containers) {
                JsonValues.Fields c = JsonValues.fields(container);
                List<Object> names = c.list("Names");
                result.add(ContainerSummary.of(c.text("Id", ""), names == null ? new String[0] : names.stream().map(String::valueOf)
                        .toArray(String[]::new), c.text("State", ""), c.text("Status", ""), c.texts("Labels")));
            }
            return Optional.of(result);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The body of a 200 answer to GET {@code path}, or null for any other status. */
    private static byte[] get(Path socket, String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A blocking channel has no read timeout: closing it from a watchdog ends a read that hangs.
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(DEADLINE_MS);
                    channel.close();
                } catch (InterruptedException | IOException done) {
                    // answered in time, or already closed
                }
            }, "dbdock-list-deadline");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(16384);
                while (channel.read(buffer) >= 0) {
                    all.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                return body(all.toByteArray());
            } finally {
                watchdog.interrupt();
            }
        }
    }

    /** The body of an HTTP/1.1 response read to its end, undoing chunked transfer; null unless the status is 200. */
    static byte[] body(byte[] response) {
        String head = headOf(response);
        if (head == null || !head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
            return null;
        }
        int start = head.length() + 4;
        if (!head.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
            return java.util.Arrays.copyOfRange(response, start, response.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = start;
        while (i < response.length) {
            int lineEnd = indexOf(response, i);
            if (lineEnd < 0) {
                return null;
            }
            String size = new String(response, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                return out.toByteArray();
            }
            int from = lineEnd + 2;
            if (from + n > response.length) {
                return null;
            }
            out.write(response, from, n);
            i = from + n + 2;
        }
        return null;
    }

    private static String headOf(byte[] response) {
        for (int i = 0; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                return new String(response, 0, i, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}

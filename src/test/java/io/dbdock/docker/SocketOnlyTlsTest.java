package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine on a Unix socket is reached without the JDK's TLS context, and still answers. */
class SocketOnlyTlsTest {
    @TempDir
    Path dir;

    @Test
    void onlySocketFilesAndPipesGoWithoutTls() {
        assertTrue(SocketOnlyTls.appliesTo(URI.create("unix:///var/run/docker.sock")));
        assertTrue(SocketOnlyTls.appliesTo(URI.create("npipe:////./pipe/docker_engine")));
        assertFalse(SocketOnlyTls.appliesTo(URI.create("tcp://10.0.0.5:2376")), "a TCP engine keeps docker-java's own choice");
        assertThrows(UnsupportedOperationException.class, () -> SocketOnlyTls.INSTANCE.getSSLContext().getSocketFactory(),
                "nothing can quietly use it");
    }

    @Test
    void theHttpClientForASocketFileAnswersWithIt() throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread engine = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer request = ByteBuffer.allocate(4096);
                    while (!new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                        c.read(request);
                    }
                    c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK".getBytes(StandardCharsets.US_ASCII)));
                } catch (java.io.IOException ignored) {
                    // the test fails on the client's side
                }
            });
            engine.start();
            var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + socket)
                    .withDockerTlsVerify(false).build();
            try (DockerHttpClient http = DockerSession.httpClient(config, Duration.ofSeconds(5), 2);
                 DockerHttpClient.Response response = http.execute(DockerHttpClient.Request.builder()
                         .method(DockerHttpClient.Request.Method.GET).path("/_ping").build())) {
                assertEquals(200, response.getStatusCode());
                assertEquals("OK", new String(response.getBody().readAllBytes(), StandardCharsets.US_ASCII));
            }
            engine.join(5000);
        }
    }
}

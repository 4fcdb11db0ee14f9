package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine on a Unix socket is reached without the JDK's TLS context, and still answers; TCP engines keep their own TLS. */
class SocketOnlyTlsTest {
    @TempDir
    Path dir;

    @Test
    void socketFilesAndPipesGetTheUnusableContextTcpEnginesKeepTheirOwnChoice() {
        assertTrue(SocketOnlyTls.forClient(config("unix:///var/run/docker.sock", null)) instanceof SocketOnlyTls,
                "no JDK TLS context is built for a socket file");
        assertTrue(SocketOnlyTls.forClient(config("npipe:////./pipe/docker_engine", null)) instanceof SocketOnlyTls);
        assertNull(SocketOnlyTls.forClient(config("tcp://10.0.0.5:2375", null)), "plain TCP: docker-java's own plain HTTP");
        var tls = config("tcp://10.0.0.5:2376", dir);
        assertNotNull(tls.getSSLConfig());
        assertSame(tls.getSSLConfig(), SocketOnlyTls.forClient(tls), "a TLS engine keeps its certificates");
        assertThrows(UnsupportedOperationException.class, () -> SocketOnlyTls.forClient(config("unix:///x.sock", null))
                .getSSLContext().getSocketFactory(), "nothing can quietly use it");
    }

    private static com.github.dockerjava.core.DockerClientConfig config(String host, Path certificates) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
                .withDockerTlsVerify(certificates != null);
        if (certificates != null) {
            builder.withDockerCertPath(certificates.toString());
        }
        return builder.build();
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
            var config = config("unix://" + socket, null);
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

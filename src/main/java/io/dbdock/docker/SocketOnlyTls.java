package io.dbdock.docker;

import com.github.dockerjava.transport.SSLConfig;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS setting for an engine on a Unix socket (or a Windows pipe), which never speaks TLS.
 * Given none, docker-java's HTTP client builds the JDK's default TLS context anyway, with its
 * provider and the system's trust store: 0.1-0.25 s of every command that talks to Docker. This
 * context is only there to be handed over; anything that tried to use it would fail loudly.
 */
final class SocketOnlyTls implements SSLConfig {
    private static final SocketOnlyTls INSTANCE = new SocketOnlyTls();

    private SocketOnlyTls() {
    }

    private static final SSLContext CONTEXT = new SSLContext(new Unusable(), null, "none: a Unix socket") { };

    /**
     * What docker-java's HTTP client is given for this configuration: its own TLS setting when it has
     * one; this one for a socket file or a named pipe without; none (docker-java's choice) for plain TCP.
     */
    static SSLConfig forClient(com.github.dockerjava.core.DockerClientConfig config) {
        String scheme = config.getDockerHost().getScheme();
        return config.getSSLConfig() == null && ("unix".equals(scheme) || "npipe".equals(scheme)) ? INSTANCE : config.getSSLConfig();
    }

    @Override
    public SSLContext getSSLContext() {
        return CONTEXT;
    }

    private static final class Unusable extends SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("TLS over a Unix socket");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}

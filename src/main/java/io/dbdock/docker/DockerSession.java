package io.dbdock.docker;

import io.dbdock.model.EngineChoice;
import io.dbdock.model.DockerInfo;
import io.dbdock.model.EnginePlace;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import io.dbdock.ssh.SshLink;
import io.dbdock.ssh.SshRefusedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a Docker engine: the clients (ordinary calls, streams, the heartbeat) set up
 * for the engine's own API version, and how every call runs: under a deadline on a thread of its
 * own, with transport failures and timeouts turned into {@link DockerUnavailableException}s that
 * say what to do.
 */
final class DockerSession implements java.io.Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSession.class);

    private final DockerClient client;
    private final DockerClientConfig config;
    private final DockerInfo info;
    private final String apiVersion;
    // Made on first use: a command line that lists containers needs none of them.
    /** Streams (events, logs, exec, pulls) get their own pool, so they cannot starve ordinary calls. */
    private DockerClient streams;
    /** For the heartbeat: a hung engine must be noticed in seconds, not after a call's full timeout. */
    private DockerClient quick;
    /** SELinux hosts need bind mounts relabelled (:z) or the container cannot read its data folder. */
    private Boolean selinux;
    /** Volatile for {@link #openTunnel}, which must not wait for this session's lock. */
    private volatile com.fasterxml.jackson.databind.JsonNode engineInfo;
    /** The HTTP client the session was opened with (docker-java's client runs on it too): for /info as plain JSON. */
    private final DockerHttpClient http;
    /** For the calls docker-java lacks (/system/df). */
    private DockerHttpClient raw;
    /** The SSH connection an ssh:// engine is reached through (its API and the tunnels to its instances); null otherwise. */
    private final SshLink ssh;

    private DockerSession(DockerClient client, DockerHttpClient http, DockerClientConfig config, DockerInfo info, String apiVersion,
                          SshLink ssh) {
        this.client = client;
        this.http = http;
        this.config = config;
        this.info = info;
        this.apiVersion = apiVersion;
        this.ssh = ssh;
    }

    /**
     * This computer's port for one the engine publishes: the same port for an engine here (or one whose
     * published ports this computer reaches as they are); a tunnel's port for an engine over SSH.
     */
    int reachablePort(int publishedPort) {
        return ssh == null ? publishedPort : ssh.forward(publishedPort);
    }

    boolean tunnelled() {
        return ssh != null;
    }

    /** An open tunnel's port for an instance at {@code place} on this engine (its ID known by now); empty for anything else. */
    java.util.OptionalInt openTunnel(EnginePlace place, int publishedPort) {
        com.fasterxml.jackson.databind.JsonNode known = engineInfo;
        if (ssh == null || known == null || !place.sameEngine(placeFrom(known))) {
            return java.util.OptionalInt.empty();
        }
        return ssh.openTunnel(publishedPort);
    }

    /** Over SSH: the listening ports of the engine's machine, from its socket tables (Linux; anything else says nothing). */
    java.util.Optional<java.util.Set<Integer>> machineListeners() {
        if (ssh == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(io.dbdock.ports.PortHolder.listeningPorts(ssh.run("cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; true")));
    }

    DockerClient client() {
        return client;
    }

    synchronized DockerClient streams() {
        if (streams == null) {
            streams = DockerClientImpl.getInstance(config, httpClient(config, null, 20));
        }
        return streams;
    }

    private synchronized DockerClient quick() {
        if (quick == null) {
            quick = DockerClientImpl.getInstance(config, httpClient(config, QUICK_TIMEOUT, 2));
        }
        return quick;
    }

    DockerInfo info() {
        return info;
    }

    /**
     * docker info, asked once per session (it counts containers and images: not for every call). Read
     * as a JSON tree: dbdock needs its ID and security options only, not docker-java's hundred-field model.
     */
    private synchronized com.fasterxml.jackson.databind.JsonNode engineInfo() {
        if (engineInfo == null) {
            engineInfo = call("read Docker's settings", Duration.ofSeconds(60), () -> get(http, "/info"));
        }
        return engineInfo;
    }

    /** The engine this session talks to: its context and its ID. */
    EnginePlace place() {
        return placeFrom(engineInfo());
    }

    private EnginePlace placeFrom(com.fasterxml.jackson.databind.JsonNode engine) {
        return new EnginePlace(info.context(), engine.hasNonNull("ID") ? engine.get("ID").asText() : null);
    }

    synchronized boolean selinux() {
        if (selinux == null) {
            boolean found = false;
            for (com.fasterxml.jackson.databind.JsonNode option : engineInfo().path("SecurityOptions")) {
                found |= option.asText().contains("selinux");
            }
            selinux = found;
            if (selinux) {
                LOG.info("Docker runs with SELinux on: data folders are relabelled for their containers");
            }
        }
        return selinux;
    }

    /** GET {@code path} as is, for the calls docker-java lacks (/system/df); the JSON answer, or an error unless it is 200. */
    com.fasterxml.jackson.databind.JsonNode get(String path) {
        synchronized (this) {
            if (raw == null) {
                raw = httpClient(config, Duration.ofMinutes(5), 2);
            }
        }
        return get(raw, path);
    }

    String apiVersion() {
        return apiVersion;
    }

    void ping() {
        call("reach Docker", QUICK_TIMEOUT, () -> quick().pingCmd().exec());
    }

    @Override
    public synchronized void close() {
        closeQuietly(streams);
        closeQuietly(client);
        closeQuietly(quick);
        closeQuietly(raw);
        if (ssh != null) {
            ssh.close();
        }
    }

    static final Duration QUICK_TIMEOUT = Duration.ofSeconds(3);

    /** Connects to the first endpoint that answers, negotiating the API version with it. */
    static DockerSession connect(EngineChoice choice) {
        return connect(DockerEndpoints.discover(choice), DockerEndpoints.environment(choice));
    }

    static DockerSession connect(List<DockerEndpoints.Candidate> candidates) {
        return connect(candidates, System.getenv());
    }

    private static DockerSession connect(List<DockerEndpoints.Candidate> candidates, java.util.Map<String, String> env) {
        List<String> tried = new ArrayList<>();
        Exception last = null;
        for (DockerEndpoints.Candidate candidate : candidates) {
            String refused = DockerEndpoints.refusal(candidate, env);
            if (refused != null) {
                throw new DockerUnavailableException(refused, null);
            }
            tried.add(candidate.host());
            try {
                return open(candidate);
            } catch (RuntimeException e) {
                if (e.getCause() instanceof SshRefusedException) {
                    throw e; // its own words: which host key, which keys
                }
                last = e;
                LOG.info("Docker endpoint {} ({}) did not answer: {}", candidate.host(), candidate.source(),
                        isTimeout(e) ? "no answer in time" : rootMessage(e));
            }
        }
        throw new DockerUnavailableException(unavailableMessage(tried, last), last);
    }

    private static DockerSession open(DockerEndpoints.Candidate candidate) {
        if (!candidate.host().startsWith("ssh://")) {
            return open(candidate, candidate.host(), null);
        }
        SshLink link;
        try {
            link = SshLink.open(candidate.host(), Path.of(System.getProperty("user.home")));
        } catch (SshRefusedException e) {
            throw new DockerUnavailableException(e.getMessage() + " (Docker context " + candidate.context() + ")", e, e.remedy());
        }
        try {
            return open(candidate, link.engineAddress(), link);
        } catch (RuntimeException e) {
            link.close();
            String remote = link.lastRemoteError();
            if (!remote.isBlank()) {
                throw new DockerUnavailableException("The Docker engine on " + candidate.host() + " did not answer over SSH; the "
                        + "machine said: " + remote + ". Check that Docker runs there and that this user may use it.", e);
            }
            throw e;
        }
    }

    /** {@code address}: where docker-java connects (for ssh://, the link's socket on this computer); null link: none. */
    private static DockerSession open(DockerEndpoints.Candidate candidate, String address, SshLink link) {
        // One HTTP client: asked for the engine's version as is, then serving the client that talks
        // that version (a second docker-java client just to ask would cost a tenth of a second).
        DockerClientConfig probeConfig = config(candidate, address, null);
        DockerHttpClient http = httpClient(probeConfig, Duration.ofSeconds(60), 20);
        com.fasterxml.jackson.databind.JsonNode version;
        try {
            // Over SSH the first call also starts docker on the other machine: more than a local socket's 3 s.
            version = withDeadline(link != null ? SshLink.FIRST_ANSWER : QUICK_TIMEOUT, () -> get(http, "/version"));
        } catch (RuntimeException e) {
            closeQuietly(http);
            throw e;
        }
        // Talk the daemon's own API version: old engines reject newer clients and new engines old ones.
        String api = version.path("ApiVersion").asText();
        DockerClientConfig config = config(candidate, address, api);
        DockerClient client = DockerClientImpl.getInstance(config, http);
        DockerInfo info = new DockerInfo(candidate.host(), candidate.source(), version.path("Version").asText(), api,
                version.path("Os").asText(), candidate.context());
        LOG.info("Connected to Docker {} (API {}) at {} via {}", info.serverVersion(), api, info.endpoint(), info.source());
        return new DockerSession(client, http, config, info, api, link);
    }

    private static com.fasterxml.jackson.databind.JsonNode get(DockerHttpClient http, String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("Docker answered " + response.getStatusCode() + " to " + path);
            }
            return io.dbdock.common.Json.mapper().readTree(response.getBody());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DockerClientConfig config(DockerEndpoints.Candidate candidate, String address, String apiVersion) {
        // TLS exactly when the endpoint has certificates (a context's, or DOCKER_TLS_VERIFY's), whatever else the environment says.
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(address).withDockerTlsVerify(candidate.tlsDir() != null);
        if (candidate.tlsDir() != null) {
            builder.withDockerCertPath(candidate.tlsDir().toString());
        }
        if (apiVersion != null) {
            builder.withApiVersion(RemoteApiVersion.parseConfig(apiVersion));
        }
        return builder.build();
    }

    static DockerHttpClient httpClient(DockerClientConfig config, Duration responseTimeout, int maxConnections) {
        ApacheDockerHttpClient.Builder builder = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(SocketOnlyTls.forClient(config))
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(3));
        if (responseTimeout != null) {
            builder.responseTimeout(responseTimeout);
        }
        return builder.build();
    }

    static String unavailableMessage(List<String> tried, Exception last) {
        String reason = last == null ? "" : rootMessage(last);
        String where = String.join(", ", new LinkedHashSet<>(tried));
        if (reason.toLowerCase().contains("permission denied")) {
            return "Docker is running but dbdock may not use it (permission denied on " + where + "). "
                    + "Add yourself to the docker group (sudo usermod -aG docker $USER), log in again, and retry.";
        }
        if (!tried.isEmpty() && tried.stream().allMatch(h -> h.startsWith("tcp://"))) {
            // Another machine's engine (a context, DOCKER_HOST): starting this machine's Docker would not help.
            return "The Docker engine at " + where + " does not answer" + (reason.isBlank() || reason.equals("null") ? "" : " (" + reason + ")")
                    + ". Check that it runs and that this computer can reach it.";
        }
        if (last != null && isTimeout(last)) {
            return "Docker does not answer (tried " + where + "); it may be hung or overloaded. "
                    + "Restart Docker (Docker Desktop, or `sudo systemctl restart docker`), then try again.";
        }
        return "Docker is not running or cannot be reached (tried " + where + "). "
                + "Start Docker (Docker Desktop, or `sudo systemctl start docker`) or set DOCKER_HOST, then try again.";
    }

    private static final Pattern JSON_MESSAGE = Pattern.compile("\\{\\s*\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The engine's own sentence from an error like 'Status 500: {"message":"..."}'. */
    static String plainMessage(Exception e) {
        String m = String.valueOf(e.getMessage());
        Matcher json = JSON_MESSAGE.matcher(m);
        return json.find() ? json.group(1).replace("\\\"", "\"").trim() : m.trim();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /**
     * Every call runs on its own daemon thread under a deadline: socket timeouts do not reliably
     * fire on a Unix socket whose engine is frozen, and no front end may wait forever.
     */
    private static final java.util.concurrent.ExecutorService CALLS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-call");
        t.setDaemon(true);
        return t;
    });

    static final Duration CALL_DEADLINE = Duration.ofSeconds(60);

    static final Duration PULL_DEADLINE = Duration.ofHours(2);

    static final Duration PULL_STALL = Duration.ofSeconds(120);

    /** A helper empties a data folder: as long as its own wait (5 minutes), and a little more. */
    static final Duration HELPER_DEADLINE = Duration.ofMinutes(6);

    static <T> T withDeadline(Duration deadline, Supplier<T> action) {
        java.util.concurrent.Future<T> future = CALLS.submit(action::get);
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("no answer within " + deadline.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs a call, turning transport failures into {@link DockerUnavailableException}. */
    <T> T call(String what, Supplier<T> action) {
        return call(what, CALL_DEADLINE, action);
    }

    <T> T call(String what, Duration deadline, Supplier<T> action) {
        try {
            return againIfStale(() -> withDeadline(deadline, action), what);
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isTimeout(e)) {
                throw new DockerUnavailableException("Docker at " + info.endpoint() + " did not answer in time while trying to "
                        + what + "; it may be hung or overloaded. Restart Docker, then try again.", e);
            }
            if (isTransportFailure(e)) {
                throw new DockerUnavailableException("Lost the connection to Docker at " + info.endpoint() + " while trying to "
                        + what + ". Check that Docker is running, then try again.", e);
            }
            throw e;
        }
    }

    void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || String.valueOf(t.getMessage()).toLowerCase().contains("timed out")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * One attempt more when the first met a kept-alive connection that the other end had closed
     * meanwhile (over SSH: its dial-stdio ended): the request never reached the engine, so it is
     * sent again, on a fresh connection; any other failure is the caller's.
     */
    static <T> T againIfStale(Supplier<T> attempt, String what) {
        try {
            return attempt.get();
        } catch (RuntimeException e) {
            if (e instanceof DockerException || !isStaleConnection(e)) {
                throw e;
            }
            LOG.info("A kept connection to Docker was closed by the other side; asking again to {}", what);
            return attempt.get();
        }
    }

    /** No answer at all on a kept-alive connection: HttpClient's NoHttpResponseException, the peer had closed it. */
    static boolean isStaleConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.hc.core5.http.NoHttpResponseException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransportFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing on the way out; nothing to do.
        }
    }
}

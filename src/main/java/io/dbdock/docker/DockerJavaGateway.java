package io.dbdock.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link DockerGateway} on docker-java with the httpclient5 transport: the only docker-java user. */
public final class DockerJavaGateway implements DockerGateway {
    private static final Logger LOG = LoggerFactory.getLogger(DockerJavaGateway.class);
    private static final Duration QUICK_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern PORT_IN_USE = Pattern.compile(
            "(?:port is already allocated|address already in use|bind for [^ ]*?:(\\d+) failed)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ANY_PORT = Pattern.compile(":(\\d{1,5})\\b");

    private final DockerClient client;
    private final DockerClient streams;
    /** For the heartbeat: a hung engine must be noticed in seconds, not after a call's full timeout. */
    private final DockerClient quick;
    private final DockerInfo info;
    /** SELinux hosts need bind mounts relabelled (:z) or the container cannot read its data folder. */
    private final boolean selinux;
    private DockerHttpClient raw;
    private String apiVersion;

    private DockerJavaGateway(DockerClient client, DockerClient streams, DockerClient quick, DockerInfo info, boolean selinux) {
        this.client = client;
        this.streams = streams;
        this.quick = quick;
        this.info = info;
        this.selinux = selinux;
    }

    /** Connects to the first endpoint that answers, negotiating the API version with it. */
    public static DockerJavaGateway connect() {
        return connect(DockerEndpoints.discover());
    }

    public static DockerJavaGateway connect(List<DockerEndpoints.Candidate> candidates) {
        List<String> tried = new ArrayList<>();
        Exception last = null;
        for (DockerEndpoints.Candidate candidate : candidates) {
            tried.add(candidate.host());
            try {
                return open(candidate);
            } catch (RuntimeException e) {
                last = e;
                LOG.info("Docker endpoint {} ({}) did not answer: {}", candidate.host(), candidate.source(),
                        isTimeout(e) ? "no answer in time" : rootMessage(e));
            }
        }
        throw new DockerUnavailableException(unavailableMessage(tried, last), last);
    }

    private static DockerJavaGateway open(DockerEndpoints.Candidate candidate) {
        DockerClientConfig probeConfig = config(candidate.host(), null);
        DockerClient unversioned = DockerClientImpl.getInstance(probeConfig, httpClient(probeConfig, Duration.ofSeconds(5), 2));
        Version version;
        try {
            version = withDeadline(QUICK_TIMEOUT, () -> {
                unversioned.pingCmd().exec();
                return unversioned.versionCmd().exec();
            });
        } finally {
            closeQuietly(unversioned);
        }
        // Talk the daemon's own API version: old engines reject newer clients and new engines old ones.
        String api = version.getApiVersion();
        DockerClientConfig config = config(candidate.host(), api);
        DockerClient client = DockerClientImpl.getInstance(config, httpClient(config, Duration.ofSeconds(60), 20));
        DockerClient streams = DockerClientImpl.getInstance(config, httpClient(config, null, 20));
        DockerClient quick = DockerClientImpl.getInstance(config, httpClient(config, QUICK_TIMEOUT, 2));
        DockerInfo info = new DockerInfo(candidate.host(), candidate.source(), version.getVersion(), api,
                version.getOperatingSystem());
        List<String> security = client.infoCmd().exec().getSecurityOptions();
        boolean selinux = security != null && security.stream().anyMatch(o -> o.contains("selinux"));
        LOG.info("Connected to Docker {} (API {}) at {} via {}{}", info.serverVersion(), api, info.endpoint(), info.source(),
                selinux ? ", SELinux on" : "");
        DockerJavaGateway gateway = new DockerJavaGateway(client, streams, quick, info, selinux);
        gateway.raw = httpClient(config, Duration.ofMinutes(5), 2);
        gateway.apiVersion = api;
        return gateway;
    }

    private static DockerClientConfig config(String host, String apiVersion) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host);
        if (apiVersion != null) {
            builder.withApiVersion(RemoteApiVersion.parseConfig(apiVersion));
        }
        return builder.build();
    }

    private static DockerHttpClient httpClient(DockerClientConfig config, Duration responseTimeout, int maxConnections) {
        ApacheDockerHttpClient.Builder builder = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
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

    private static String rootMessage(Throwable e) {
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
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(60);
    private static final Duration PULL_DEADLINE = Duration.ofHours(2);
    private static final Duration PULL_STALL = Duration.ofSeconds(120);
    /** A helper empties a data folder: as long as its own wait (5 minutes), and a little more. */
    private static final Duration HELPER_DEADLINE = Duration.ofMinutes(6);

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
    private <T> T call(String what, Supplier<T> action) {
        return call(what, CALL_DEADLINE, action);
    }

    private <T> T call(String what, Duration deadline, Supplier<T> action) {
        try {
            return withDeadline(deadline, action);
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

    private void run(String what, Runnable action) {
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

    @Override
    public DockerInfo info() {
        return info;
    }

    @Override
    public void ping() {
        call("reach Docker", QUICK_TIMEOUT, () -> quick.pingCmd().exec());
    }

    @Override
    public boolean imageExists(String image) {
        return call("inspect image " + image, () -> {
            try {
                client.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public void pullImage(String image, IntConsumer percent) {
        int colon = image.lastIndexOf(':');
        boolean hasTag = colon > image.lastIndexOf('/');
        String repository = hasTag ? image.substring(0, colon) : image;
        String tag = hasTag ? image.substring(colon + 1) : "latest";
        PullProgress progress = new PullProgress();
        java.util.concurrent.atomic.AtomicLong lastNews = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        // A download may take many minutes; it only fails here when the engine reports nothing at all for a while.
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        call("pull " + image, PULL_DEADLINE, () -> {
            PullImageResultCallback callback = streams.pullImageCmd(repository).withTag(tag).exec(new PullImageResultCallback() {
                @Override
                public void onNext(PullResponseItem item) {
                    super.onNext(item);
                    lastNews.set(System.nanoTime());
                    var detail = item.getProgressDetail();
                    percent.accept(progress.update(item.getId(), item.getStatus(),
                            detail == null ? null : detail.getCurrent(), detail == null ? null : detail.getTotal()));
                }

                @Override
                public void onComplete() {
                    super.onComplete();
                    ended.countDown();
                }

                @Override
                public void onError(Throwable t) {
                    super.onError(t);
                    ended.countDown();
                }
            });
            try {
                // Not awaitCompletion(timeout): docker-java checks for success there even while the pull still runs.
                while (!ended.await(1, TimeUnit.SECONDS)) {
                    if (System.nanoTime() - lastNews.get() > PULL_STALL.toNanos()) {
                        closeQuietly(callback);
                        throw new IllegalStateException("the download made no progress for " + PULL_STALL.toSeconds() + " s");
                    }
                }
                callback.awaitCompletion(); // done: reports the pull's own error, if any
            } catch (DockerException e) {
                throw new IllegalStateException(plainMessage(e), e);
            } catch (InterruptedException e) {
                closeQuietly(callback);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while pulling " + image, e);
            }
            return null;
        });
        percent.accept(100);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        ExposedPort exposed = ExposedPort.tcp(spec.port().containerPort());
        List<Bind> binds = new ArrayList<>();
        for (ContainerSpec.Mount m : spec.mounts()) {
            binds.add(selinux && !m.volume()
                    ? new Bind(m.source(), new Volume(m.target()), AccessMode.rw, SELContext.shared)
                    : new Bind(m.source(), new Volume(m.target())));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(new PortBinding(
                        Ports.Binding.bindIpAndPort(spec.port().hostIp(), spec.port().hostPort()), exposed))
                .withBinds(binds);
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerCmd cmd = client.createContainerCmd(spec.image())
                .withName(spec.name())
                .withEnv(env)
                .withLabels(spec.labels())
                .withExposedPorts(exposed)
                .withHostConfig(host);
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        return call("create container " + spec.name(), () -> {
            try {
                return cmd.exec().getId();
            } catch (ConflictException e) {
                throw new io.dbdock.common.UserFacingException(io.dbdock.common.Problem.CONFLICT,
                        "A container named " + spec.name() + " already exists. Remove it or choose another name.", e);
            }
        });
    }

    @Override
    public void copyFiles(String containerId, Map<String, String> files) {
        byte[] tar = tar(files);
        run("copy files into " + containerId, () -> client.copyArchiveToContainerCmd(containerId)
                .withTarInputStream(new ByteArrayInputStream(tar))
                .withRemotePath("/")
                .exec());
    }

    @Override
    public void copyStream(String containerId, String directory, String fileName, long size, InputStream content) {
        // The tar is written on the fly by a second thread, so a large file never sits in memory.
        java.io.PipedInputStream tar = new java.io.PipedInputStream(1 << 16);
        IOException[] failure = {null};
        Thread writer;
        try {
            java.io.PipedOutputStream sink = new java.io.PipedOutputStream(tar);
            writer = new Thread(() -> {
                try (TarArchiveOutputStream out = new TarArchiveOutputStream(sink)) {
                    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    TarArchiveEntry entry = new TarArchiveEntry(fileName);
                    entry.setSize(size);
                    entry.setMode(0100644);
                    out.putArchiveEntry(entry);
                    content.transferTo(out);
                    out.closeArchiveEntry();
                    out.finish();
                } catch (IOException e) {
                    failure[0] = e;
                    closeQuietly(tar);
                }
            }, "docker-copy-in");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.setDaemon(true);
        writer.start();
        try {
            call("copy " + fileName + " into " + containerId, Duration.ofHours(6), () -> {
                client.copyArchiveToContainerCmd(containerId).withTarInputStream(tar).withRemotePath(directory).exec();
                return null;
            });
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying into " + containerId, e);
        } finally {
            closeQuietly(tar);
        }
        if (failure[0] != null) {
            throw new UncheckedIOException(failure[0]);
        }
    }

    /** A tar of the given files (paths absolute in the container), with their parent folders. */
    static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> dirs = new HashSet<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                String path = file.getKey().replaceFirst("^/+", "");
                String[] parts = path.split("/");
                StringBuilder dir = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    dir.append(parts[i]).append('/');
                    // Only our own folders are added: existing ones like /run keep their modes.
                    if (i > 0 && dirs.add(dir.toString())) {
                        TarArchiveEntry d = new TarArchiveEntry(dir.toString());
                        d.setMode(040755);
                        out.putArchiveEntry(d);
                        out.closeArchiveEntry();
                    }
                }
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(path);
                e.setSize(content.length);
                // Readable by the server's own uid (mongo and redis read it after dropping root);
                // only processes inside this container can see the file.
                e.setMode(0100444);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void start(String containerId) {
        run("start " + containerId, () -> {
            requireManaged(containerId, "start");
            try {
                client.startContainerCmd(containerId).exec();
            } catch (NotModifiedException alreadyRunning) {
                // 304: already running is what we wanted.
            } catch (DockerException e) {
                Integer port = portInUse(e.getMessage());
                if (port != null) {
                    throw new PortConflictException(port, "Port " + port + " is already in use on this computer.", e);
                }
                throw e;
            }
        });
    }

    /** The port named in a "port is already allocated" style error, or null if it is another error. */
    static Integer portInUse(String message) {
        if (message == null || !PORT_IN_USE.matcher(message).find()) {
            return null;
        }
        Matcher m = ANY_PORT.matcher(message);
        Integer port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        return port;
    }

    @Override
    public void stop(String containerId, int timeoutSeconds) {
        call("stop " + containerId, CALL_DEADLINE.plusSeconds(timeoutSeconds), () -> {
            requireManaged(containerId, "stop");
            try {
                client.stopContainerCmd(containerId).withTimeout(timeoutSeconds).exec();
            } catch (NotModifiedException alreadyStopped) {
                // 304: already stopped.
            }
            return null;
        });
    }

    @Override
    public void remove(String containerId) {
        run("remove " + containerId, () -> {
            try {
                requireManaged(containerId, "remove");
                // With its anonymous volumes: Docker makes one for every VOLUME of the image that no
                // mount covers (a helper's data path, Mongo's /data/configdb) and keeps it otherwise.
                // Named volumes (an instance's data) are never removed this way.
                client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // Already removed.
            }
        });
    }

    private static boolean managed(InspectContainerResponse r) {
        Map<String, String> labels = r.getConfig() == null ? null : r.getConfig().getLabels();
        return labels != null && "true".equals(labels.get(Labels.MANAGED));
    }

    /**
     * dbdock acts only on containers it made (the managed label), never on one that merely has a
     * name like an instance's: a missing container is fine (nothing to do), a foreign one is refused.
     */
    private void requireManaged(String containerIdOrName, String action) {
        InspectContainerResponse r;
        try {
            r = client.inspectContainerCmd(containerIdOrName).exec();
        } catch (NotFoundException gone) {
            return;
        }
        if (!managed(r)) {
            throw new io.dbdock.common.UserFacingException(io.dbdock.common.Problem.CONFLICT, "The container "
                    + containerIdOrName + " was not made by dbdock, so dbdock will not " + action
                    + " it. Rename or remove it with docker, then try again.", null);
        }
    }

    @Override
    public Optional<ContainerState> inspect(String containerIdOrName) {
        return call("inspect " + containerIdOrName, () -> {
            try {
                InspectContainerResponse r = client.inspectContainerCmd(containerIdOrName).exec();
                if (!managed(r)) {
                    return Optional.<ContainerState>empty(); // someone else's container with a name like ours
                }
                var s = r.getState();
                return Optional.of(new ContainerState(r.getId(), s.getStatus(), Boolean.TRUE.equals(s.getRunning()),
                        s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue(), s.getError()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<ContainerSummary> listManaged() {
        return call("list containers", () -> {
            List<ContainerSummary> result = new ArrayList<>();
            for (Container c : client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.MANAGED, "true")).exec()) {
                String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
                result.add(new ContainerSummary(c.getId(), name, c.getState(), c.getStatus(), c.getLabels()));
            }
            return result;
        });
    }

    @Override
    public Set<Integer> publishedHostPorts() {
        return call("list published ports", () -> {
            Set<Integer> ports = new HashSet<>();
            for (Container c : client.listContainersCmd().exec()) {
                if (c.getPorts() != null) {
                    for (ContainerPort p : c.getPorts()) {
                        if (p.getPublicPort() != null) {
                            ports.add(p.getPublicPort());
                        }
                    }
                }
            }
            return ports;
        });
    }

    @Override
    public boolean volumeExists(String name) {
        return call("inspect volume " + name, () -> {
            try {
                client.inspectVolumeCmd(name).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public Map<String, String> volumeLabels(String name) {
        return call("inspect volume " + name, () -> {
            try {
                Map<String, String> labels = client.inspectVolumeCmd(name).exec().getLabels();
                return labels == null ? Map.<String, String>of() : Map.copyOf(labels);
            } catch (NotFoundException e) {
                return Map.<String, String>of();
            }
        });
    }

    @Override
    public Map<String, Map<String, String>> managedVolumes() {
        return call("list volumes", () -> {
            Map<String, Map<String, String>> found = new java.util.TreeMap<>();
            var volumes = client.listVolumesCmd().withFilter("label", List.of(Labels.MANAGED + "=true")).exec().getVolumes();
            if (volumes != null) {
                volumes.forEach(v -> found.put(v.getName(), v.getLabels() == null ? Map.of() : Map.copyOf(v.getLabels())));
            }
            return found;
        });
    }

    @Override
    public Map<String, Long> volumeSizes() {
        // docker-java has no call for /system/df (what `docker system df -v` reads): ask for it as is.
        return call("measure volumes", Duration.ofMinutes(5), () -> {
            DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.GET)
                    .path("/v" + apiVersion + "/system/df")
                    .build();
            try (DockerHttpClient.Response response = raw.execute(request)) {
                if (response.getStatusCode() != 200) {
                    throw new IllegalStateException("Docker answered " + response.getStatusCode() + " to /system/df");
                }
                var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.getBody());
                Map<String, Long> sizes = new java.util.TreeMap<>();
                for (var v : root.path("Volumes")) {
                    sizes.put(v.path("Name").asText(), v.path("UsageData").path("Size").asLong(-1));
                }
                return sizes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        run("create volume " + name, () -> client.createVolumeCmd().withName(name).withLabels(labels).exec());
    }

    @Override
    public void removeVolume(String name) {
        run("remove volume " + name, () -> {
            try {
                client.removeVolumeCmd(name).exec();
            } catch (NotFoundException gone) {
                // Already removed.
            }
        });
    }

    @Override
    public String helperOutput(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        List<Bind> binds = new ArrayList<>();
        // Read-only: a helper that reports never changes what it looks at.
        mounts.forEach(m -> binds.add(new Bind(m.source(), new Volume(m.target()), AccessMode.ro)));
        return helper(image, binds, command, labels, true).output();
    }

    @Override
    public int runHelper(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        List<Bind> binds = new ArrayList<>();
        mounts.forEach(m -> binds.add(new Bind(m.source(), new Volume(m.target()))));
        return helper(image, binds, command, labels, false).code();
    }

    private record HelperRun(int code, String output) {
    }

    /** Runs a helper container as root with no network, waits for it and removes it; its output when asked (or on failure, to the log). */
    private HelperRun helper(String image, List<Bind> binds, List<String> command, Map<String, String> labels, boolean wantOutput) {
        return call("run a helper container", HELPER_DEADLINE, () -> {
            // When it was made: a helper left behind by a dbdock that died is removed later (InstanceService.refresh).
            Map<String, String> stamped = new java.util.HashMap<>(labels);
            stamped.put(Labels.CREATED, java.time.Instant.now().toString());
            String id = client.createContainerCmd(image)
                    .withEntrypoint(command)
                    .withUser("0")
                    .withLabels(stamped)
                    .withHostConfig(HostConfig.newHostConfig().withBinds(binds).withNetworkMode("none"))
                    .exec().getId();
            try {
                client.startContainerCmd(id).exec();
                Integer code = streams.waitContainerCmd(id).start().awaitStatusCode(5, TimeUnit.MINUTES);
                StringBuilder out = new StringBuilder();
                if (wantOutput || code != 0) {
                    try (Closeable ignored = logs(id, false, wantOutput ? -1 : 20, l -> out.append(l).append('\n'))) {
                        // logs() without follow has read everything by now.
                    } catch (IOException ignored) {
                        // Closing only.
                    }
                }
                if (code != 0) {
                    LOG.warn("Helper container ({}) exited with {}: {}", image, code, out.toString().trim());
                }
                return new HelperRun(code, out.toString());
            } finally {
                remove(id);
            }
        });
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Map<String, String> env, InputStream stdin,
            OutputStream stdout, Consumer<String> errorLine) {
        List<String> environment = new ArrayList<>();
        env.forEach((k, v) -> environment.add(k + "=" + v));
        String execId = call("run a command in " + containerId, () -> client.execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new))
                .withEnv(environment)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(stdin != null)
                .exec().getId());
        Deque<String> errorTail = new ArrayDeque<>();
        IOException[] writeFailure = {null};
        Throwable[] streamFailure = {null};
        var start = streams.execStartCmd(execId).withDetach(false).withTty(false);
        if (stdin != null) {
            start.withStdIn(stdin);
        }
        ResultCallback.Adapter<Frame> callback = call("run a command in " + containerId, () -> start.exec(new QuietCallback<Frame>() {
            private final StringBuilder pendingError = new StringBuilder();

            @Override
            public void onNext(Frame frame) {
                if (frame.getStreamType() == StreamType.STDERR) {
                    pendingError.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    int nl;
                    while ((nl = pendingError.indexOf("\n")) >= 0) {
                        String line = pendingError.substring(0, nl);
                        errorLine.accept(line);
                        keepTail(errorTail, line);
                        pendingError.delete(0, nl + 1);
                    }
                    return;
                }
                try {
                    stdout.write(frame.getPayload());
                } catch (IOException e) {
                    // The receiving file failed (disk full, say): stop reading, report it below.
                    writeFailure[0] = e;
                    closeQuietly(this);
                }
            }

            @Override
            public void onError(Throwable t) {
                streamFailure[0] = t;
                super.onError(t);
            }

            @Override
            public void onComplete() {
                if (pendingError.length() > 0) {
                    errorLine.accept(pendingError.toString());
                    keepTail(errorTail, pendingError.toString());
                }
                super.onComplete();
            }
        }));
        try {
            callback.awaitCompletion();
        } catch (InterruptedException e) {
            closeQuietly(callback);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a command in " + containerId, e);
        }
        if (writeFailure[0] != null) {
            throw new UncheckedIOException(writeFailure[0]);
        }
        if (streamFailure[0] != null) {
            throw new DockerUnavailableException("Lost the connection to Docker at " + info.endpoint()
                    + " while a command ran in a container. Check that Docker is running, then try again.", streamFailure[0]);
        }
        Long code = call("read a command's result in " + containerId,
                () -> client.inspectExecCmd(execId).exec().getExitCodeLong());
        synchronized (errorTail) {
            return new ExecResult(code == null ? -1 : code.intValue(), List.copyOf(errorTail));
        }
    }

    private static void keepTail(Deque<String> tail, String line) {
        synchronized (tail) {
            if (!line.isBlank()) {
                tail.addLast(line.strip());
            }
            while (tail.size() > 20) {
                tail.removeFirst();
            }
        }
    }

    @Override
    public DockerStream events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd, long sinceEpochSeconds) {
        var cmd = streams.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withLabelFilter(Map.of(Labels.MANAGED, "true"));
        if (sinceEpochSeconds > 0) {
            cmd.withSince(String.valueOf(sinceEpochSeconds));
        }
        return stream(call("follow events", () -> cmd.exec(new QuietCallback<Event>() {
            @Override
            public void onNext(Event e) {
                Map<String, String> attrs = e.getActor() == null || e.getActor().getAttributes() == null
                        ? Map.of() : new HashMap<>(e.getActor().getAttributes());
                String action = e.getAction() != null ? e.getAction() : e.getStatus();
                long nanos = e.getTimeNano() != null ? e.getTimeNano() : (e.getTime() == null ? 0 : e.getTime() * 1_000_000_000L);
                onEvent.accept(new ContainerEvent(e.getId(), action, attrs, nanos));
            }

            @Override
            public void onError(Throwable t) {
                super.onError(t);
                onEnd.accept(t);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                onEnd.accept(null);
            }
        })));
    }

    @Override
    public DockerStream logs(String containerId, boolean follow, int tail, Consumer<String> line) {
        var cmd = streams.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(follow);
        if (tail >= 0) {
            cmd.withTail(tail);
        } else {
            cmd.withTailAll();
        }
        ResultCallback.Adapter<Frame> callback = call("read logs of " + containerId, () -> cmd.exec(new QuietCallback<Frame>() {
            private final StringBuilder pending = new StringBuilder();

            @Override
            public void onNext(Frame frame) {
                pending.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                int nl;
                while ((nl = pending.indexOf("\n")) >= 0) {
                    line.accept(pending.substring(0, nl));
                    pending.delete(0, nl + 1);
                }
            }

            @Override
            public void onComplete() {
                if (pending.length() > 0) {
                    line.accept(pending.toString());
                    pending.setLength(0);
                }
                super.onComplete();
            }
        }));
        if (!follow) {
            try {
                callback.awaitCompletion(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return stream(callback);
    }

    @Override
    public DockerStream stats(String containerId, Consumer<ResourceSample> sample) {
        return stream(call("read the resource use of " + containerId, () -> streams.statsCmd(containerId)
                .exec(new QuietCallback<Statistics>() {
                    @Override
                    public void onNext(Statistics s) {
                        var cpu = s.getCpuStats();
                        var pre = s.getPreCpuStats();
                        var mem = s.getMemoryStats();
                        if (cpu == null || cpu.getCpuUsage() == null || mem == null) {
                            return;
                        }
                        long cache = 0;
                        if (mem.getStats() != null) {
                            // cgroup v1 reports the page cache as "cache", v2 as "inactive_file".
                            cache = mem.getStats().getCache() != null ? mem.getStats().getCache()
                                    : mem.getStats().getInactiveFile() != null ? mem.getStats().getInactiveFile() : 0;
                        }
                        long online = cpu.getOnlineCpus() != null ? cpu.getOnlineCpus()
                                : cpu.getCpuUsage().getPercpuUsage() != null ? cpu.getCpuUsage().getPercpuUsage().size() : 1;
                        sample.accept(ResourceSample.compute(java.time.Instant.now(),
                                nz(cpu.getCpuUsage().getTotalUsage()),
                                pre == null || pre.getCpuUsage() == null ? 0 : nz(pre.getCpuUsage().getTotalUsage()),
                                nz(cpu.getSystemCpuUsage()), pre == null ? 0 : nz(pre.getSystemCpuUsage()), online,
                                nz(mem.getUsage()), cache, nz(mem.getLimit())));
                    }
                })));
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }

    private static DockerStream stream(ResultCallback.Adapter<?> callback) {
        return new DockerStream() {
            @Override
            public void await() throws InterruptedException {
                callback.awaitCompletion();
            }

            @Override
            public void close() {
                closeQuietly(callback);
            }
        };
    }

    @Override
    public void close() {
        closeQuietly(streams);
        closeQuietly(client);
        closeQuietly(quick);
        if (raw != null) {
            closeQuietly(raw);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing on the way out; nothing to do.
        }
    }

    /**
     * A stream callback that ends quietly when the engine goes away: docker-java's own adapter
     * logs every broken stream as an ERROR with a stack trace, which is noise when Docker stops.
     */
    private static class QuietCallback<T> extends ResultCallback.Adapter<T> {
        @Override
        public void onError(Throwable t) {
            LOG.info("Docker stream ended: {}", rootMessage(t));
            closeQuietly(this);
        }
    }
}

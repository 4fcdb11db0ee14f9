package io.dbdock.docker;

import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import io.dbdock.model.DockerInfo;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A Docker engine in memory, for unit tests of the core (never for anything that claims to test
 * the Docker path): containers with their labels, mounts, published port, secret files and
 * running state; labelled volumes; images; other programs' ports. It refuses what the real
 * engine refuses (a taken name, a taken port, a foreign container) in dbdock's own types, and
 * counts what was asked of it, so tests can say "recreated once" or "nothing was touched".
 */
public final class InMemoryDocker implements DockerGateway {
    /** One container as the engine keeps it. */
    public static final class Container {
        public final String id;
        public final ContainerSpec spec;
        public final Map<String, String> files = new LinkedHashMap<>();
        public boolean running;
        public int exitCode;

        Container(String id, ContainerSpec spec) {
            this.id = id;
            this.spec = spec;
        }

        public boolean managed() {
            return "true".equals(spec.labels().get(Labels.MANAGED));
        }
    }

    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> volumes = new TreeMap<>();
    private final Set<String> images = new HashSet<>();
    /** Host ports other programs hold: starting a container that publishes one fails. */
    public final Set<Integer> otherPrograms = new HashSet<>();
    /** Runs after a list call has read the containers and before it answers (what happens while the answer travels). */
    public volatile Runnable afterList = () -> { };
    public final AtomicInteger creates = new AtomicInteger();
    public final AtomicInteger starts = new AtomicInteger();
    public final AtomicInteger helperRuns = new AtomicInteger();
    public final List<List<String>> execs = new ArrayList<>();
    /** What a command run inside a container answers: exit code and standard error; all succeed by default. */
    public BiFunction<Container, List<String>, ExecResult> execAnswer = (c, cmd) -> new ExecResult(0, List.of());
    private volatile boolean down;
    /** Which engine this is: a test switches it to stand for another engine (another context) behind the same store. */
    public volatile io.dbdock.model.EnginePlace place = new io.dbdock.model.EnginePlace("default", "in-memory-engine");
    public final AtomicInteger placeQuestions = new AtomicInteger();
    /**
     * Stands for an engine over SSH when set: its published port p is reached here on p + this (a tunnel
     * that found p taken); 0: an engine whose ports are this computer's.
     */
    public volatile int tunnelShift;
    private int next;

    public InMemoryDocker(String... images) {
        this.images.addAll(List.of(images));
    }

    /** The engine stops answering (or comes back). */
    public void setDown(boolean down) {
        this.down = down;
    }

    private void answer() {
        if (down) {
            throw new DockerUnavailableException("Docker is not running (in-memory engine switched off).", null);
        }
    }

    public synchronized Optional<Container> container(String idOrName) {
        return Optional.ofNullable(find(idOrName));
    }

    public synchronized List<Container> containers() {
        return List.copyOf(containers.values());
    }

    public synchronized Set<String> volumeNames() {
        return Set.copyOf(volumes.keySet());
    }

    /** A container dbdock did not make (another tool's, with any name). */
    public synchronized Container addForeign(String name, boolean running) {
        Container c = new Container("f" + (++next), new ContainerSpec(name, "other/image", Map.of(), List.of(), Map.of(), List.of(), null));
        c.running = running;
        containers.put(c.id, c);
        return c;
    }

    private Container find(String idOrName) {
        Container c = containers.get(idOrName);
        if (c != null) {
            return c;
        }
        return containers.values().stream().filter(x -> x.spec.name().equals(idOrName)).findFirst().orElse(null);
    }

    private Container managed(String idOrName, String action) {
        Container c = find(idOrName);
        if (c != null && !c.managed()) {
            throw new UserFacingException(Problem.CONFLICT, "The container " + idOrName + " was not made by dbdock; it was left alone ("
                    + action + ").");
        }
        return c;
    }

    @Override
    public DockerInfo info() {
        answer();
        return new DockerInfo("unix:///in-memory.sock", "test", "0", "1.41", "linux", place.context());
    }

    @Override
    public io.dbdock.model.EnginePlace place() {
        answer();
        placeQuestions.incrementAndGet();
        return place;
    }

    /** What a connection knows before it connects: the context's name only. */
    @Override
    public io.dbdock.model.EnginePlace quickPlace() {
        return io.dbdock.model.EnginePlace.named(place.context());
    }

    @Override
    public void ping() {
        answer();
    }

    @Override
    public boolean tunnelled() {
        return tunnelShift != 0;
    }

    @Override
    public int reachablePort(int publishedPort) {
        if (tunnelShift != 0) {
            openTunnels.add(publishedPort);
        }
        return publishedPort + tunnelShift;
    }

    /** The published ports a tunnel was opened to (by asking {@link #reachablePort}), as an SSH engine's link keeps them. */
    private final Set<Integer> openTunnels = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public java.util.OptionalInt openTunnel(io.dbdock.model.EnginePlace at, int publishedPort) {
        return tunnelShift != 0 && at.sameEngine(place) && openTunnels.contains(publishedPort)
                ? java.util.OptionalInt.of(publishedPort + tunnelShift) : java.util.OptionalInt.empty();
    }

    /** What listens on the other machine of a tunnelled engine (ports there, not here). */
    public volatile Set<Integer> machineListeners = Set.of();
    /** How often the other machine was asked for its listeners. */
    public final java.util.concurrent.atomic.AtomicInteger listenerQuestions = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Optional<Set<Integer>> machineListeners() {
        if (!tunnelled()) {
            return Optional.empty();
        }
        listenerQuestions.incrementAndGet();
        return Optional.of(machineListeners);
    }

    @Override
    public synchronized boolean imageExists(String image) {
        answer();
        return images.contains(image);
    }

    @Override
    public synchronized void pullImage(String image, IntConsumer percent) {
        answer();
        images.add(image);
        percent.accept(100);
    }

    @Override
    public synchronized String createContainer(ContainerSpec spec) {
        answer();
        if (find(spec.name()) != null) {
            throw new UserFacingException(Problem.CONFLICT, "A container named " + spec.name() + " already exists.");
        }
        Container c = new Container("c" + (++next), spec);
        containers.put(c.id, c);
        creates.incrementAndGet();
        return c.id;
    }

    @Override
    public synchronized void copyFiles(String containerId, Map<String, String> files) {
        answer();
        Container c = find(containerId);
        if (c == null) {
            throw new IllegalStateException("no container " + containerId);
        }
        c.files.putAll(files);
    }

    @Override
    public synchronized void copyStream(String containerId, String directory, String fileName, long size, InputStream content) {
        answer();
        try {
            find(containerId).files.put(directory + "/" + fileName, new String(content.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void start(String containerId) {
        answer();
        Container c = managed(containerId, "start");
        if (c == null) {
            throw new UserFacingException(Problem.NOT_FOUND, "No container " + containerId);
        }
        if (c.running) {
            return;
        }
        ContainerSpec.PortMapping p = c.spec.port();
        if (p != null && (otherPrograms.contains(p.hostPort()) || containers.values().stream()
                .anyMatch(o -> o != c && o.running && o.spec.port() != null && o.spec.port().hostPort() == p.hostPort()))) {
            throw new PortConflictException(p.hostPort(), "port is already allocated: " + p.hostPort(), null);
        }
        c.running = true;
        starts.incrementAndGet();
    }

    @Override
    public synchronized void stop(String containerId, int timeoutSeconds) {
        answer();
        Container c = managed(containerId, "stop");
        if (c != null) {
            c.running = false;
        }
    }

    @Override
    public synchronized void remove(String containerId) {
        answer();
        Container c = managed(containerId, "remove");
        if (c != null) {
            containers.remove(c.id);
        }
    }

    @Override
    public synchronized Optional<ContainerState> inspect(String containerIdOrName) {
        answer();
        Container c = find(containerIdOrName);
        if (c == null || !c.managed()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerState(c.id, c.running ? "running" : "exited", c.running, c.exitCode, ""));
    }

    @Override
    public synchronized List<ContainerSummary> listManaged() {
        answer();
        List<ContainerSummary> out = new ArrayList<>();
        for (Container c : containers.values()) {
            if (c.managed()) {
                out.add(new ContainerSummary(c.id, c.spec.name(), c.running ? "running" : "exited",
                        c.running ? "Up 1 second" : "Exited (" + c.exitCode + ") 1 second ago", c.spec.labels()));
            }
        }
        afterList.run();
        return out;
    }

    @Override
    public synchronized Set<Integer> publishedHostPorts() {
        answer();
        Set<Integer> ports = new HashSet<>();
        containers.values().stream().filter(c -> c.running && c.spec.port() != null).forEach(c -> ports.add(c.spec.port().hostPort()));
        return ports;
    }

    @Override
    public synchronized boolean volumeExists(String name) {
        answer();
        return volumes.containsKey(name);
    }

    @Override
    public synchronized Map<String, String> volumeLabels(String name) {
        answer();
        return volumes.getOrDefault(name, Map.of());
    }

    @Override
    public synchronized Map<String, Map<String, String>> managedVolumes() {
        answer();
        Map<String, Map<String, String>> out = new TreeMap<>();
        volumes.forEach((n, l) -> {
            if ("true".equals(l.get(Labels.MANAGED))) {
                out.put(n, l);
            }
        });
        return out;
    }

    @Override
    public synchronized Map<String, Long> volumeSizes() {
        answer();
        Map<String, Long> sizes = new HashMap<>();
        volumes.keySet().forEach(v -> sizes.put(v, 0L));
        return sizes;
    }

    @Override
    public synchronized void createVolume(String name, Map<String, String> labels) {
        answer();
        volumes.put(name, Map.copyOf(labels));
    }

    /** A volume dbdock did not make, or one with labels of the test's choosing. */
    public synchronized void addVolume(String name, Map<String, String> labels) {
        volumes.put(name, Map.copyOf(labels));
    }

    @Override
    public synchronized void removeVolume(String name) {
        answer();
        if (volumes.containsKey(name) && !"true".equals(volumes.get(name).get(Labels.MANAGED))) {
            throw new UserFacingException(Problem.CONFLICT, "The volume " + name + " was not made by dbdock; it was left alone.");
        }
        boolean inUse = containers.values().stream().anyMatch(c -> c.spec.mounts().stream().anyMatch(m -> m.volume() && m.source().equals(name)));
        if (inUse) {
            throw new UserFacingException(Problem.CONFLICT, "volume is in use: " + name);
        }
        volumes.remove(name);
    }

    @Override
    public int runHelper(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        answer();
        helperRuns.incrementAndGet();
        return 0;
    }

    @Override
    public String helperOutput(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        answer();
        helperRuns.incrementAndGet();
        return "";
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Map<String, String> env, InputStream stdin, OutputStream stdout,
            Consumer<String> errorLine) {
        answer();
        Container c;
        synchronized (this) {
            c = find(containerId);
            execs.add(List.copyOf(command));
        }
        if (c == null || !c.running) {
            return new ExecResult(1, List.of("container " + containerId + " is not running"));
        }
        if (stdin != null) {
            try {
                stdin.transferTo(OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        ExecResult result = execAnswer.apply(c, command);
        result.errorTail().forEach(errorLine);
        return result;
    }

    private static final DockerStream NOTHING = new DockerStream() {
        @Override
        public void await() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public DockerStream events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd, long sinceEpochSeconds) {
        answer();
        eventSinks.add(onEvent);
        return NOTHING;
    }

    private final java.util.List<Consumer<ContainerEvent>> eventSinks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Delivers an event to every open event stream, as the engine would (possibly late: the time is the caller's). */
    public void deliver(ContainerEvent event) {
        eventSinks.forEach(s -> s.accept(event));
    }

    /** Whether some event stream is open (a monitor has connected). */
    public boolean followsEvents() {
        return !eventSinks.isEmpty();
    }

    @Override
    public DockerStream logs(String containerId, boolean follow, int tail, Consumer<String> line) {
        answer();
        return NOTHING;
    }

    @Override
    public DockerStream stats(String containerId, Consumer<ResourceSample> sample) {
        answer();
        return NOTHING;
    }

    @Override
    public void close() {
    }
}

package io.dbdock.docker;

import io.dbdock.model.EngineChoice;
import io.dbdock.model.DockerInfo;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A gateway that connects on first use and again after the engine went away, so dbdock can
 * start (and show its instances) while Docker is down, and recover by itself when it returns.
 */
public final class DockerConnection implements DockerGateway {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DockerConnection.class);
    private final Supplier<DockerGateway> connector;
    /** Lists dbdock's containers before (instead of) connecting, when that is cheaper; empty: connect. */
    private final Supplier<Optional<List<ContainerSummary>>> quickList;
    /** The context's name as configured, without connecting; null: not known until connected. */
    private final Supplier<String> contextName;
    /** Whether the engine's ports are reached through tunnels (ssh://), known without connecting. */
    private final Supplier<Boolean> tunnelled;
    /** Volatile for {@link #openTunnel}, which reads it without the lock that a connection in progress holds. */
    private volatile DockerGateway current;

    public DockerConnection(Supplier<DockerGateway> connector) {
        this(connector, Optional::empty, () -> null, () -> false);
    }

    private DockerConnection(Supplier<DockerGateway> connector, Supplier<Optional<List<ContainerSummary>>> quickList,
                             Supplier<String> contextName, Supplier<Boolean> tunnelled) {
        this.connector = connector;
        this.quickList = quickList;
        this.contextName = contextName;
        this.tunnelled = tunnelled;
    }

    /** Connects to the engine found by {@link DockerEndpoints}. */
    public static DockerConnection toDiscoveredEngine() {
        return toEngine(EngineChoice.ENVIRONMENT);
    }

    /** Connects to the engine the user chose for this run, found as {@link DockerEndpoints} finds engines. */
    public static DockerConnection toEngine(EngineChoice choice) {
        ChosenEndpoint chosen = new ChosenEndpoint(choice);
        return new DockerConnection(() -> DockerJavaGateway.connect(choice),
                () -> SocketListing.listManaged(DockerEndpoints.discover(choice)),
                () -> chosen.get().context(), chosen::overSsh);
    }

    /**
     * The first endpoint of the choice, found once per connection: the context store is read from disk, and
     * every address shown (each row of a listing) asks whether it is tunnelled. A context that does not exist
     * is not remembered: each use says so, as connecting does.
     */
    private static final class ChosenEndpoint {
        private final EngineChoice choice;
        private DockerEndpoints.Candidate found;

        ChosenEndpoint(EngineChoice choice) {
            this.choice = choice;
        }

        synchronized DockerEndpoints.Candidate get() {
            if (found == null) {
                found = DockerEndpoints.discover(choice).get(0);
            }
            return found;
        }

        boolean overSsh() {
            try {
                return get().host().startsWith("ssh://");
            } catch (DockerUnavailableException unknownContext) {
                return false; // connecting says so
            }
        }
    }

    private synchronized DockerGateway gateway() {
        if (current == null) {
            current = connector.get();
        }
        return current;
    }

    private synchronized void drop(DockerGateway broken) {
        if (current == broken) {
            current = null;
            broken.close();
        }
    }

    /** True when an engine answers now (connecting if needed). */
    public boolean isAvailable() {
        try {
            gateway();
            return true;
        } catch (DockerUnavailableException e) {
            return false;
        }
    }

    private <T> T use(Function<DockerGateway, T> call) {
        DockerGateway g = gateway();
        try {
            return call.apply(g);
        } catch (DockerUnavailableException e) {
            LOG.info("Connection to Docker dropped after: {}", e.getMessage());
            drop(g);
            throw whyUnavailable(e);
        }
    }

    /**
     * A call failed on a connection that used to work. Connecting afresh tells the engine that
     * stopped ("not running, start it") apart from one that answered again (a restart mid-call),
     * so the user reads the message that says what to do.
     */
    private DockerUnavailableException whyUnavailable(DockerUnavailableException lost) {
        try {
            gateway();
            return lost;
        } catch (DockerUnavailableException notRunning) {
            return notRunning;
        }
    }

    private void useVoid(Consumer<DockerGateway> call) {
        use(g -> {
            call.accept(g);
            return null;
        });
    }

    @Override
    public DockerInfo info() {
        return use(DockerGateway::info);
    }

    @Override
    public EnginePlace place() {
        return use(DockerGateway::place);
    }

    @Override
    public EnginePlace quickPlace() {
        synchronized (this) {
            if (current == null) {
                String name = contextName.get();
                if (name != null) {
                    return EnginePlace.named(name);
                }
            }
        }
        return place();
    }

    @Override
    public boolean tunnelled() {
        return tunnelled.get();
    }

    @Override
    public java.util.OptionalInt openTunnel(EnginePlace place, int publishedPort) {
        DockerGateway g = current;
        return g == null ? java.util.OptionalInt.empty() : g.openTunnel(place, publishedPort);
    }

    /** Before connecting, the published port itself: the port a tunnel takes when it is free here, so addresses stay put. */
    @Override
    public int reachablePort(int publishedPort) {
        synchronized (this) {
            if (current == null) {
                return publishedPort;
            }
        }
        return use(g -> g.reachablePort(publishedPort));
    }

    @Override
    public Optional<Set<Integer>> machineListeners() {
        return use(DockerGateway::machineListeners);
    }

    @Override
    public void ping() {
        useVoid(DockerGateway::ping);
    }

    @Override
    public boolean imageExists(String image) {
        return use(g -> g.imageExists(image));
    }

    @Override
    public void pullImage(String image, IntConsumer percent) {
        useVoid(g -> g.pullImage(image, percent));
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        return use(g -> g.createContainer(spec));
    }

    @Override
    public void copyFiles(String containerId, Map<String, String> files) {
        useVoid(g -> g.copyFiles(containerId, files));
    }

    @Override
    public void start(String containerId) {
        useVoid(g -> g.start(containerId));
    }

    @Override
    public void stop(String containerId, int timeoutSeconds) {
        useVoid(g -> g.stop(containerId, timeoutSeconds));
    }

    @Override
    public void remove(String containerId) {
        useVoid(g -> g.remove(containerId));
    }

    @Override
    public Optional<ContainerState> inspect(String containerIdOrName) {
        return use(g -> g.inspect(containerIdOrName));
    }

    @Override
    public List<ContainerSummary> listManaged() {
        synchronized (this) {
            if (current == null) {
                Optional<List<ContainerSummary>> quick = quickList.get();
                if (quick.isPresent()) {
                    return quick.get();
                }
            }
        }
        return use(DockerGateway::listManaged);
    }

    @Override
    public Set<Integer> publishedHostPorts() {
        return use(DockerGateway::publishedHostPorts);
    }

    @Override
    public boolean volumeExists(String name) {
        return use(g -> g.volumeExists(name));
    }

    @Override
    public Map<String, String> volumeLabels(String name) {
        return use(g -> g.volumeLabels(name));
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        useVoid(g -> g.createVolume(name, labels));
    }

    @Override
    public void removeVolume(String name) {
        useVoid(g -> g.removeVolume(name));
    }

    @Override
    public void copyStream(String containerId, String directory, String fileName, long size, java.io.InputStream content) {
        useVoid(g -> g.copyStream(containerId, directory, fileName, size, content));
    }

    @Override
    public Map<String, Map<String, String>> managedVolumes() {
        return use(DockerGateway::managedVolumes);
    }

    @Override
    public Map<String, Long> volumeSizes() {
        return use(DockerGateway::volumeSizes);
    }

    @Override
    public String helperOutput(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        return use(g -> g.helperOutput(image, mounts, command, labels));
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Map<String, String> env, java.io.InputStream stdin,
            java.io.OutputStream stdout, Consumer<String> errorLine) {
        return use(g -> g.exec(containerId, command, env, stdin, stdout, errorLine));
    }

    @Override
    public int runHelper(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        return use(g -> g.runHelper(image, mounts, command, labels));
    }

    @Override
    public DockerStream events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd, long sinceEpochSeconds) {
        return use(g -> g.events(onEvent, onEnd, sinceEpochSeconds));
    }

    @Override
    public DockerStream logs(String containerId, boolean follow, int tail, Consumer<String> line) {
        return use(g -> g.logs(containerId, follow, tail, line));
    }

    @Override
    public DockerStream stats(String containerId, Consumer<ResourceSample> sample) {
        return use(g -> g.stats(containerId, sample));
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}

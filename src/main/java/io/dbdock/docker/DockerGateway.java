package io.dbdock.docker;

import io.dbdock.model.DockerInfo;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Everything dbdock asks of a Docker engine, in dbdock's own types. The only implementation
 * that talks to a real engine is {@link DockerJavaGateway}; no other package sees docker-java.
 * Every method may throw {@link DockerUnavailableException} when the engine stops answering.
 */
public interface DockerGateway extends Closeable {

    DockerInfo info();

    /** The engine this is: its context and its ID (asks the engine once). */
    default EnginePlace place() {
        return EnginePlace.named(info().context());
    }

    /**
     * The engine's place as far as it is known without connecting: its context's name (the ID
     * only once connected). For read-only looks, which compare names and ask {@link #place()}
     * only when a name differs.
     */
    default EnginePlace quickPlace() {
        return place();
    }

    /**
     * Whether this computer reaches the engine's published ports through tunnels (an engine over SSH,
     * publishing on the other machine's 127.0.0.1), so addresses come from {@link #reachablePort}.
     * Known without connecting.
     */
    default boolean tunnelled() {
        return false;
    }

    /** This computer's port for one the engine publishes: the same, or the port of a tunnel to it (opened on first use). */
    default int reachablePort(int publishedPort) {
        return publishedPort;
    }

    /**
     * The port of the tunnel open here to a port this engine publishes for an instance at {@code place}, if
     * one is open. Never connects, opens a tunnel or waits for a connection: the window's list asks it as it draws.
     */
    default java.util.OptionalInt openTunnel(EnginePlace place, int publishedPort) {
        return java.util.OptionalInt.empty();
    }

    /**
     * For an engine on another machine: the ports something listens on there (asked over the
     * same connection; empty set when that machine cannot say). Empty for an engine whose published
     * ports are this computer's, where a bind is tried instead.
     */
    default Optional<Set<Integer>> machineListeners() {
        return Optional.empty();
    }

    /** Asks the engine whether it is there; throws {@link DockerUnavailableException} if not. */
    void ping();

    boolean imageExists(String image);

    /** Pulls an image, reporting the overall percentage as it goes. */
    void pullImage(String image, IntConsumer percent);

    /** Creates a container; throws a conflict if the name is taken. Returns its id. */
    String createContainer(ContainerSpec spec);

    /** Copies small files into a (created or running) container, world-readable, before it starts. */
    void copyFiles(String containerId, Map<String, String> files);

    /** Streams one (possibly large) file of known size into a folder of a created or running container. */
    void copyStream(String containerId, String directory, String fileName, long size, InputStream content);

    /** Starts a container; starting a running one is a success. Throws {@link PortConflictException}. */
    void start(String containerId);

    /** Stops a container; stopping a stopped one is a success. */
    void stop(String containerId, int timeoutSeconds);

    /** Removes a container (and its anonymous volumes, never named ones); a missing one is a success. */
    void remove(String containerId);

    Optional<ContainerState> inspect(String containerIdOrName);

    /** All containers (running or not) carrying the managed label: one API call. */
    List<ContainerSummary> listManaged();

    /** Host ports that running containers (dbdock's or not) publish: one API call. */
    Set<Integer> publishedHostPorts();

    boolean volumeExists(String name);

    /** The labels of a volume, empty if it has none or does not exist. */
    Map<String, String> volumeLabels(String name);

    /** Every volume carrying the managed label, by name, with its labels: one API call. */
    Map<String, Map<String, String>> managedVolumes();

    /** Disk use of every volume, by name, as `docker system df -v` reports it (-1 when unknown): one API call. */
    Map<String, Long> volumeSizes();

    void createVolume(String name, Map<String, String> labels);

    void removeVolume(String name);

    /**
     * Runs a short-lived helper container as root with no network and waits for it; returns its
     * exit code. Used for work on files the host user cannot touch (the database's uid owns them).
     */
    int runHelper(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels);

    /**
     * Runs a command inside a running container (no terminal) and waits for it to end, however
     * long that takes. Standard output is copied to {@code stdout} as it comes; {@code stdin}, when
     * given, is fed to the command's standard input. The engine API cannot signal the end of that
     * input, so a command reading it must stop by itself (for example behind {@code head -c N}).
     * Each line of standard error goes to {@code errorLine}; the last ones also come back in the result.
     */
    ExecResult exec(String containerId, List<String> command, Map<String, String> env, InputStream stdin, OutputStream stdout, Consumer<String> errorLine);

    /** How a command run with {@link #exec} ended: its exit code and the last lines it wrote to standard error. */
    record ExecResult(int exitCode, List<String> errorTail) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String lastError() {
            return errorTail.isEmpty() ? "" : errorTail.get(errorTail.size() - 1);
        }
    }

    /** Like {@link #runHelper}, returning what the command printed (its exit code is logged when not 0). */
    String helperOutput(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels);

    /** Follows container events of managed containers. Close the handle to stop. */
    DockerStream events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd, long sinceEpochSeconds);

    /** Writes a container's log lines to the consumer; with follow, until the handle is closed. */
    DockerStream logs(String containerId, boolean follow, int tail, Consumer<String> line);

    /** Follows a container's resource use (about one sample a second) until the handle is closed. */
    DockerStream stats(String containerId, Consumer<ResourceSample> sample);

    @Override
    void close();
}

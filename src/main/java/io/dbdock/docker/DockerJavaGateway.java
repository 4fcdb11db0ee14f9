package io.dbdock.docker;

import io.dbdock.model.EngineChoice;
import io.dbdock.model.DockerInfo;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * {@link DockerGateway} on docker-java with the httpclient5 transport: the only docker-java user,
 * split by job behind this one face: {@link DockerSession} (clients, deadlines, errors),
 * {@link ImageCalls}, {@link ContainerCalls}, {@link FileCopies}, {@link VolumeCalls},
 * {@link CommandCalls} and {@link StreamCalls}.
 */
public final class DockerJavaGateway implements DockerGateway {
    private final DockerSession session;
    private final ImageCalls images;
    private final ContainerCalls containers;
    private final FileCopies files;
    private final VolumeCalls volumes;
    private final StreamCalls streams;
    private final CommandCalls commands;

    private DockerJavaGateway(DockerSession session) {
        this.session = session;
        this.images = new ImageCalls(session);
        this.containers = new ContainerCalls(session);
        this.files = new FileCopies(session);
        this.volumes = new VolumeCalls(session);
        this.streams = new StreamCalls(session);
        this.commands = new CommandCalls(session, containers, streams);
    }

    /** Connects to the first endpoint that answers, negotiating the API version with it. */
    public static DockerJavaGateway connect() {
        return connect(EngineChoice.ENVIRONMENT);
    }

    /** Connects to the engine the user chose for this run (a context, plain tcp allowed). */
    public static DockerJavaGateway connect(EngineChoice choice) {
        return new DockerJavaGateway(DockerSession.connect(choice));
    }

    public static DockerJavaGateway connect(List<DockerEndpoints.Candidate> candidates) {
        return new DockerJavaGateway(DockerSession.connect(candidates));
    }

    @Override
    public DockerInfo info() {
        return session.info();
    }

    @Override
    public EnginePlace place() {
        return session.place();
    }

    @Override
    public boolean tunnelled() {
        return session.tunnelled();
    }

    @Override
    public int reachablePort(int publishedPort) {
        return session.reachablePort(publishedPort);
    }

    @Override
    public java.util.OptionalInt openTunnel(EnginePlace place, int publishedPort) {
        return session.openTunnel(place, publishedPort);
    }

    @Override
    public Optional<Set<Integer>> machineListeners() {
        return session.machineListeners();
    }

    @Override
    public void ping() {
        session.ping();
    }

    @Override
    public boolean imageExists(String image) {
        return images.imageExists(image);
    }

    @Override
    public void pullImage(String image, IntConsumer percent) {
        images.pullImage(image, percent);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        return containers.createContainer(spec);
    }

    @Override
    public void copyFiles(String containerId, Map<String, String> content) {
        files.copyFiles(containerId, content);
    }

    @Override
    public void copyStream(String containerId, String directory, String fileName, long size, InputStream content) {
        files.copyStream(containerId, directory, fileName, size, content);
    }

    @Override
    public void start(String containerId) {
        containers.start(containerId);
    }

    @Override
    public void stop(String containerId, int timeoutSeconds) {
        containers.stop(containerId, timeoutSeconds);
    }

    @Override
    public void remove(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public Optional<ContainerState> inspect(String containerIdOrName) {
        return containers.inspect(containerIdOrName);
    }

    @Override
    public List<ContainerSummary> listManaged() {
        return containers.listManaged();
    }

    @Override
    public Set<Integer> publishedHostPorts() {
        return containers.publishedHostPorts();
    }

    @Override
    public boolean volumeExists(String name) {
        return volumes.volumeExists(name);
    }

    @Override
    public Map<String, String> volumeLabels(String name) {
        return volumes.volumeLabels(name);
    }

    @Override
    public Map<String, Map<String, String>> managedVolumes() {
        return volumes.managedVolumes();
    }

    @Override
    public Map<String, Long> volumeSizes() {
        return volumes.volumeSizes();
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        volumes.createVolume(name, labels);
    }

    @Override
    public void removeVolume(String name) {
        volumes.removeVolume(name);
    }

    @Override
    public int runHelper(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        return commands.runHelper(image, mounts, command, labels);
    }

    @Override
    public String helperOutput(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        return commands.helperOutput(image, mounts, command, labels);
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Map<String, String> env, InputStream stdin,
            OutputStream stdout, Consumer<String> errorLine) {
        return commands.exec(containerId, command, env, stdin, stdout, errorLine);
    }

    @Override
    public DockerStream events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd, long sinceEpochSeconds) {
        return streams.events(onEvent, onEnd, sinceEpochSeconds);
    }

    @Override
    public DockerStream logs(String containerId, boolean follow, int tail, Consumer<String> line) {
        return streams.logs(containerId, follow, tail, line);
    }

    @Override
    public DockerStream stats(String containerId, Consumer<ResourceSample> sample) {
        return streams.stats(containerId, sample);
    }

    @Override
    public void close() {
        session.close();
    }
}

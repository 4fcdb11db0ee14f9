package io.dbdock.ui;

import io.dbdock.docker.ContainerSpec;
import io.dbdock.docker.ContainerState;
import io.dbdock.docker.ContainerSummary;
import io.dbdock.docker.DockerGateway;
import io.dbdock.model.DockerInfo;
import io.dbdock.model.DockerStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** For view-model tests only: an engine that publishes the given ports and has no containers. */
final class FakeDocker implements DockerGateway {
    private final Set<Integer> published;

    FakeDocker(Set<Integer> published) {
        this.published = published;
    }

    @Override
    public DockerInfo info() {
        return new DockerInfo("unix:///fake.sock", "test", "0", "1.41", "linux");
    }

    @Override
    public void ping() {
    }

    @Override
    public Set<Integer> publishedHostPorts() {
        return published;
    }

    @Override
    public List<ContainerSummary> listManaged() {
        return List.of();
    }

    @Override
    public Optional<ContainerState> inspect(String containerIdOrName) {
        return Optional.empty();
    }

    private static UnsupportedOperationException notHere() {
        return new UnsupportedOperationException("not used by view-model tests");
    }

    @Override
    public boolean imageExists(String image) {
        throw notHere();
    }

    @Override
    public void pullImage(String image, IntConsumer percent) {
        throw notHere();
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        throw notHere();
    }

    @Override
    public void copyFiles(String containerId, Map<String, String> files) {
        throw notHere();
    }

    @Override
    public void start(String containerId) {
        throw notHere();
    }

    @Override
    public void stop(String containerId, int timeoutSeconds) {
        throw notHere();
    }

    @Override
    public void remove(String containerId) {
        throw notHere();
    }

    @Override
    public boolean volumeExists(String name) {
        throw notHere();
    }

    @Override
    public Map<String, String> volumeLabels(String name) {
        throw notHere();
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        throw notHere();
    }

    @Override
    public void removeVolume(String name) {
        throw notHere();
    }

    @Override
    public void copyStream(String containerId, String directory, String fileName, long size, java.io.InputStream content) {
        throw notHere();
    }

    @Override
    public Map<String, Map<String, String>> managedVolumes() {
        throw notHere();
    }

    @Override
    public Map<String, Long> volumeSizes() {
        throw notHere();
    }

    @Override
    public String helperOutput(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        throw notHere();
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Map<String, String> env, java.io.InputStream stdin,
            java.io.OutputStream stdout, Consumer<String> errorLine) {
        throw notHere();
    }

    @Override
    public int runHelper(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        throw notHere();
    }

    @Override
    public DockerStream events(Consumer<io.dbdock.docker.ContainerEvent> onEvent, Consumer<Throwable> onEnd, long since) {
        throw notHere();
    }

    @Override
    public DockerStream logs(String containerId, boolean follow, int tail, Consumer<String> line) {
        throw notHere();
    }

    @Override
    public DockerStream stats(String containerId, Consumer<io.dbdock.model.ResourceSample> sample) {
        throw notHere();
    }

    @Override
    public void close() {
    }
}

package io.dbdock.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Commands: one run inside a running container (exec, with its output streamed), and short-lived helper containers. */
final class CommandCalls extends SessionCalls {
    private static final Logger LOG = LoggerFactory.getLogger(CommandCalls.class);

    private final ContainerCalls containers;
    private final StreamCalls streamCalls;

    CommandCalls(DockerSession session, ContainerCalls containers, StreamCalls streamCalls) {
        super(session);
        this.containers = containers;
        this.streamCalls = streamCalls;
    }

    public String helperOutput(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        List<Bind> binds = new ArrayList<>();
        // Read-only: a helper that reports never changes what it looks at.
        mounts.forEach(m -> binds.add(new Bind(m.source(), new Volume(m.target()), AccessMode.ro)));
        return helper(image, binds, command, labels, true).output();
    }

    public int runHelper(String image, List<ContainerSpec.Mount> mounts, List<String> command, Map<String, String> labels) {
        List<Bind> binds = new ArrayList<>();
        mounts.forEach(m -> binds.add(new Bind(m.source(), new Volume(m.target()))));
        return helper(image, binds, command, labels, false).code();
    }

    private record HelperRun(int code, String output) {
    }

    /** Runs a helper container as root with no network, waits for it and removes it; its output when asked (or on failure, to the log). */
    private HelperRun helper(String image, List<Bind> binds, List<String> command, Map<String, String> labels, boolean wantOutput) {
        return call("run a helper container", DockerSession.HELPER_DEADLINE, () -> {
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
                Integer code = session.streams().waitContainerCmd(id).start().awaitStatusCode(5, TimeUnit.MINUTES);
                StringBuilder out = new StringBuilder();
                if (wantOutput || code != 0) {
                    try (Closeable ignored = streamCalls.logs(id, false, wantOutput ? -1 : 20, l -> out.append(l).append('\n'))) {
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
                containers.remove(id);
            }
        });
    }

    public DockerGateway.ExecResult exec(String containerId, List<String> command, Map<String, String> env, InputStream stdin,
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
        var start = session.streams().execStartCmd(execId).withDetach(false).withTty(false);
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
                    DockerSession.closeQuietly(this);
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
            DockerSession.closeQuietly(callback);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a command in " + containerId, e);
        }
        if (writeFailure[0] != null) {
            throw new UncheckedIOException(writeFailure[0]);
        }
        if (streamFailure[0] != null) {
            throw new DockerUnavailableException("Lost the connection to Docker at " + session.info().endpoint()
                    + " while a command ran in a container. Check that Docker is running, then try again.", streamFailure[0]);
        }
        Long code = call("read a command's result in " + containerId,
                () -> client.inspectExecCmd(execId).exec().getExitCodeLong());
        synchronized (errorTail) {
            return new DockerGateway.ExecResult(code == null ? -1 : code.intValue(), List.copyOf(errorTail));
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
}

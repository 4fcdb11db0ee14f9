package io.dbdock.docker;

import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Followed streams: events of managed containers, a container's log lines, its resource use. */
final class StreamCalls extends SessionCalls {

    StreamCalls(DockerSession session) {
        super(session);
    }

    public DockerStream events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd, long sinceEpochSeconds) {
        var cmd = session.streams().eventsCmd()
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

    public DockerStream logs(String containerId, boolean follow, int tail, Consumer<String> line) {
        var cmd = session.streams().logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(follow);
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

    public DockerStream stats(String containerId, Consumer<ResourceSample> sample) {
        return stream(call("read the resource use of " + containerId, () -> session.streams().statsCmd(containerId)
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
                DockerSession.closeQuietly(callback);
            }
        };
    }
}

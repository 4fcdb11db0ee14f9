package io.dbdock.instance;

import io.dbdock.model.InstanceRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The other Docker engines a long-running app follows beside its own, each through a service of
 * its own (its connection, its state monitor, the same instance list). For an instance that lives
 * on one of them, what the front ends see and do goes to that engine's service: its live state
 * instead of "Other engine", its actions there. One engine going away turns only its own
 * instances to Unknown, saying which engine does not answer.
 */
final class FollowedEngines {
    /** By context name, as records name their engine. */
    private final Map<String, InstanceService> services = new ConcurrentHashMap<>();
    private final Map<String, DockerStatus> statuses = new ConcurrentHashMap<>();
    /** The front ends' listeners (the primary service's own events reach them through a filter). */
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    /** The primary service's own context: its instances are never another engine's. */
    private volatile String primaryContext;

    void addListener(InstanceListener l) {
        listeners.add(l);
    }

    void removeListener(InstanceListener l) {
        listeners.remove(l);
    }

    boolean isEmpty() {
        return services.isEmpty();
    }

    boolean follows(String context) {
        return services.containsKey(context);
    }

    Optional<InstanceService> service(String context) {
        return Optional.ofNullable(services.get(context));
    }

    /** The service of the followed engine this record lives on, if it is one (never the primary's own context). */
    Optional<InstanceService> ownerOf(InstanceRecord r) {
        if (r.place() == null || services.isEmpty() || r.place().context().equals(primaryContext)) {
            return Optional.empty();
        }
        return Optional.ofNullable(services.get(r.place().context()));
    }

    /**
     * {@code listener} as the primary engine's runtime tells it: everything but the snapshots of a
     * followed engine's instances (the primary sees them as "Other engine"; their own engine reports them).
     */
    InstanceListener ownEngineOnly(InstanceListener listener) {
        return new InstanceListener() {
            @Override
            public void instanceChanged(InstanceSnapshot snapshot) {
                if (ownerOf(snapshot.record()).isEmpty()) {
                    listener.instanceChanged(snapshot);
                }
            }

            @Override
            public void instanceRemoved(UUID id) {
                listener.instanceRemoved(id);
            }

            @Override
            public void notice(String text) {
                listener.notice(text);
            }

            @Override
            public void dockerChanged(DockerStatus status) {
                listener.dockerChanged(status);
            }

            @Override
            public void engineChanged(String context, DockerStatus status) {
                listener.engineChanged(context, status);
            }
        };
    }

    /** Starts following {@code other}: its events for its own instances go to the front ends from now on. */
    void add(String primaryContext, String context, InstanceService other) {
        if (context.equals(primaryContext)) {
            throw new IllegalArgumentException("the primary engine " + context + " is not followed as another one");
        }
        this.primaryContext = primaryContext;
        if (services.putIfAbsent(context, other) != null) {
            return;
        }
        other.runtime().addListener(new InstanceListener() {
            @Override
            public void instanceChanged(InstanceSnapshot s) {
                // Its own instances only: the others are the primary's (or a third engine's) to report.
                if (s.state() != InstanceState.ELSEWHERE && ownerOf(s.record()).orElse(null) == other) {
                    InstanceSnapshot shown = shown(other, s);
                    listeners.forEach(l -> l.instanceChanged(shown));
                }
            }

            @Override
            public void instanceRemoved(UUID id) {
                listeners.forEach(l -> l.instanceRemoved(id));
            }

            @Override
            public void notice(String text) {
                listeners.forEach(l -> l.notice(text));
            }

            @Override
            public void dockerChanged(DockerStatus status) {
                statuses.put(context, status);
                listeners.forEach(l -> l.engineChanged(context, status));
                // Every one of its instances says so: Unknown while it is away, its live state once back.
                for (InstanceSnapshot s : other.runtime().snapshots()) {
                    if (ownerOf(s.record()).orElse(null) == other) {
                        InstanceSnapshot shown = shown(other, s);
                        listeners.forEach(l -> l.instanceChanged(shown));
                    }
                }
            }
        });
        statuses.put(context, other.runtime().dockerStatus());
    }

    /**
     * What the front ends show for an instance of a followed engine: its live state there, or
     * Unknown with the reason while that engine does not answer.
     */
    static InstanceSnapshot shown(InstanceService owner, InstanceSnapshot live) {
        DockerStatus engine = owner.runtime().dockerStatus();
        if (!engine.available()) {
            String where = live.record().place().shortName();
            String detail = engine.equals(DockerStatus.unknown()) ? "Connecting to " + where + "..."
                    : where + " does not answer: " + engine.problem();
            return new InstanceSnapshot(live.record(), InstanceState.UNKNOWN, detail, -1);
        }
        return live.state() == InstanceState.ELSEWHERE ? new InstanceSnapshot(live.record(), InstanceState.UNKNOWN, "", -1) : live;
    }

    /** Tells the front ends an instance's state as shown (when following starts). */
    void announce(InstanceSnapshot primaryView) {
        ownerOf(primaryView.record()).ifPresent(o -> {
            InstanceSnapshot shown = shown(o, o.runtime().snapshot(primaryView.record()));
            listeners.forEach(l -> l.instanceChanged(shown));
        });
    }

    /** The state of each followed engine, by context name. */
    Map<String, DockerStatus> statuses() {
        return new TreeMap<>(statuses);
    }

    List<InstanceService> services() {
        return List.copyOf(services.values());
    }
}

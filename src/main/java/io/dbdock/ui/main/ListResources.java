package io.dbdock.ui.main;

import io.dbdock.common.Sizes;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.common.FxCoalescer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * CPU and memory of the running instances, for the list: Docker's stats stream of each (what
 * `docker stats` follows), while the window shows. At most {@link #MOST} at a time (the first
 * running ones in the list), and the rows are updated at most every {@link #EVERY_MS} ms: a stream
 * costs the engine a cgroup read a second, and every row update a layout pass. Touched on the FX
 * thread, apart from the samples arriving.
 */
final class ListResources {
    static final int MOST = 12;
    static final long EVERY_MS = 3000;

    /** Opens a container's stats stream: the service's, or a test's. */
    interface Source {
        DockerStream follow(UUID id, java.util.function.Consumer<ResourceSample> sample) throws Exception;
    }

    private final ObservableList<InstanceItem> items;
    private final ObservableBooleanValue showing;
    private final Source source;
    private final BackgroundTasks tasks;
    private final Map<UUID, DockerStream> streams = new HashMap<>();
    /** Asked for and not open yet: not asked again meanwhile. */
    private final Set<UUID> opening = new java.util.HashSet<>();
    private final Map<UUID, ResourceSample> newest = new ConcurrentHashMap<>();
    private final FxCoalescer apply;

    ListResources(ObservableList<InstanceItem> items, ObservableBooleanValue showing, Source source, BackgroundTasks tasks,
                  Executor fx, long everyMs) {
        this.items = items;
        this.showing = showing;
        this.source = source;
        this.tasks = tasks;
        this.apply = new FxCoalescer(everyMs, fx, this::applyNewest);
        javafx.beans.value.ChangeListener<InstanceState> stateChanged = (o, was, now) -> reconsider();
        items.forEach(i -> i.stateProperty().addListener(stateChanged));
        items.addListener((ListChangeListener<InstanceItem>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(i -> i.stateProperty().addListener(stateChanged));
                c.getRemoved().forEach(i -> i.stateProperty().removeListener(stateChanged));
            }
            reconsider();
        });
        showing.addListener((o, was, now) -> reconsider());
        reconsider();
    }

    static ListResources following(MainViewModel vm, ObservableBooleanValue showing, BackgroundTasks tasks, Executor fx) {
        InstanceService service = vm.service();
        return new ListResources(vm.items(), showing, (id, sample) -> service.stats(id.toString(), sample), tasks, fx, EVERY_MS);
    }

    /** Which instances are followed: the first {@link #MOST} running ones while the window shows; none otherwise. */
    static List<UUID> wanted(List<InstanceItem> items, boolean showing) {
        if (!showing) {
            return List.of();
        }
        return items.stream().filter(i -> i.state() == InstanceState.READY || i.state() == InstanceState.UNHEALTHY)
                .limit(MOST).map(InstanceItem::id).toList();
    }

    /**
     * How a reading reads in the list: "2 % CPU, 38 MB". Whole percents: an idle database's row
     * then reads the same from one reading to the next, and a row that does not change costs no
     * layout and no frame (the charts in the details have the decimals). Memory likewise in whole
     * megabytes: an idle server's few megabytes move by a tenth from one reading to the next.
     */
    static String text(ResourceSample s) {
        return String.format(Locale.ROOT, "%.0f %% CPU, %s", s.cpuPercent(), memory(s.memoryBytes()));
    }

    /** "38 MB", "1 MB" (anything under one), "1.2 GB". */
    static String memory(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        if (mb >= 1024) {
            return String.format(Locale.ROOT, "%.1f GB", mb / 1024);
        }
        return String.format(Locale.ROOT, "%.0f MB", Math.max(1, mb));
    }

    private void reconsider() {
        Set<UUID> want = Set.copyOf(wanted(items, showing.get()));
        for (UUID id : List.copyOf(streams.keySet())) {
            if (!want.contains(id)) {
                streams.remove(id).close();
                newest.remove(id);
                items.stream().filter(i -> i.id().equals(id)).findFirst().ifPresent(i -> i.setResources(""));
            }
        }
        for (UUID id : want) {
            if (!streams.containsKey(id) && opening.add(id)) {
                tasks.run("read the resource use", () -> source.follow(id, sample -> {
                    newest.put(id, sample);
                    apply.request();
                }), stream -> {
                    opening.remove(id);
                    if (wanted(items, showing.get()).contains(id) && !streams.containsKey(id)) {
                        streams.put(id, stream);
                    } else {
                        stream.close(); // stopped or hidden while it opened
                    }
                }, problem -> opening.remove(id)); // a container that just stopped: its state change says so
            }
        }
    }

    private void applyNewest() {
        for (InstanceItem item : items) {
            ResourceSample s = streams.containsKey(item.id()) ? newest.get(item.id()) : null;
            item.setResources(s == null ? "" : text(s));
        }
    }

    /** Stops following everything (the window closes). */
    void close() {
        streams.values().forEach(DockerStream::close);
        streams.clear();
        newest.clear();
    }

    /** For tests: the instances followed now. */
    Set<UUID> followed() {
        return streams.keySet().stream().collect(Collectors.toUnmodifiableSet());
    }
}

package io.dbdock.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.DockerStream;
import io.dbdock.model.ResourceSample;
import io.dbdock.store.TestRecords;
import io.dbdock.ui.common.BackgroundTasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/** CPU and memory in the list: which instances are followed, when the streams close, and what a row says. */
class ListResourcesTest {
    private final ObservableList<InstanceItem> items = FXCollections.observableArrayList();
    private final SimpleBooleanProperty showing = new SimpleBooleanProperty(true);
    private final List<UUID> opened = new ArrayList<>();
    private final List<UUID> closed = new ArrayList<>();
    private final java.util.Map<UUID, Consumer<ResourceSample>> samples = new java.util.HashMap<>();
    private final BackgroundTasks direct = new BackgroundTasks(Runnable::run, Runnable::run);

    private ListResources follow(java.util.concurrent.Executor fx) {
        return new ListResources(items, showing, (id, sample) -> {
            opened.add(id);
            samples.put(id, sample);
            return new DockerStream() {
                @Override
                public void await() {
                }

                @Override
                public void close() {
                    closed.add(id);
                }
            };
        }, direct, fx, 10);
    }

    private InstanceItem add(String name, InstanceState state) {
        InstanceItem item = new InstanceItem(new InstanceSnapshot(TestRecords.record(name, 41000 + items.size()), state, "", -1));
        items.add(item);
        return item;
    }

    private static void set(InstanceItem item, InstanceState state) {
        item.update(new InstanceSnapshot(item.record(), state, "", -1));
    }

    @Test
    void runningInstancesAreFollowedWhileTheWindowShowsAndLetGoWhenTheyStopOrItHides() {
        InstanceItem a = add("a", InstanceState.READY);
        InstanceItem b = add("b", InstanceState.STOPPED);
        ListResources resources = follow(Runnable::run);
        assertEquals(Set.of(a.id()), resources.followed());

        set(b, InstanceState.READY);
        assertEquals(Set.of(a.id(), b.id()), resources.followed(), "a start is followed");
        set(a, InstanceState.STOPPED);
        assertEquals(Set.of(b.id()), resources.followed(), "a stop lets go");
        assertEquals(List.of(a.id()), closed);

        showing.set(false);
        assertEquals(Set.of(), resources.followed(), "a hidden window reads nothing");
        assertEquals(List.of(a.id(), b.id()), closed);
        showing.set(true);
        assertEquals(Set.of(b.id()), resources.followed());
        assertEquals(3, opened.size(), "a, b, and b again");

        items.remove(b);
        assertEquals(Set.of(), resources.followed(), "a deleted row lets go");
    }

    @Test
    void atMostSoManyAreFollowedTheFirstInTheList() {
        List<InstanceItem> many = IntStream.range(0, ListResources.MOST + 3).mapToObj(i -> add("r" + i, InstanceState.READY)).toList();
        ListResources resources = follow(Runnable::run);
        assertEquals(Set.copyOf(many.subList(0, ListResources.MOST).stream().map(InstanceItem::id).toList()), resources.followed());
        set(many.get(0), InstanceState.STOPPED);
        assertTrue(resources.followed().contains(many.get(ListResources.MOST).id()), "the next running one takes the place");
    }

    @Test
    void aRowSaysItsNewestReadingAndNothingOnceLetGo() throws Exception {
        InstanceItem a = add("a", InstanceState.READY);
        CountDownLatch applied = new CountDownLatch(1);
        follow(r -> {
            r.run();
            applied.countDown();
        });
        samples.get(a.id()).accept(new ResourceSample(Instant.now(), 0.42, 38L * 1024 * 1024, 0));
        assertTrue(applied.await(10, TimeUnit.SECONDS));
        assertEquals("0 % CPU, 38 MB", a.resourcesProperty().get());
        set(a, InstanceState.STOPPED);
        assertEquals("", a.resourcesProperty().get(), "a stopped instance shows no reading");
    }

    @Test
    void memoryReadsInWholeMegabytesSoAnIdleServersRowDoesNotChangeWithEveryReading() {
        long mb = 1024L * 1024;
        assertEquals(ListResources.text(new ResourceSample(Instant.now(), 0.2, 3 * mb + 200 * 1024, 0)),
                ListResources.text(new ResourceSample(Instant.now(), 0.4, 3 * mb + 300 * 1024, 0)));
        assertEquals("0 % CPU, 3 MB", ListResources.text(new ResourceSample(Instant.now(), 0.4, 3 * mb + 300 * 1024, 0)));
        assertEquals("1 MB", ListResources.memory(300 * 1024));
        assertEquals("1.5 GB", ListResources.memory(1536 * mb));
    }
}

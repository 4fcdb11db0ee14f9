package io.dbdock.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.ProjectMembership;
import io.dbdock.store.TestRecords;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.Test;

/** The instance list as a tree: projects' groups first (by name), then the instances of no project, following the list. */
class ProjectTreeTest {
    private static InstanceItem item(String name, String project, InstanceState state) {
        InstanceRecord r = TestRecords.record(name, 40000 + Math.abs(name.hashCode() % 1000));
        if (project != null) {
            r = r.withProject(new ProjectMembership(project, name, "/src/" + project, null));
        }
        return new InstanceItem(new InstanceSnapshot(r, state, "", -1));
    }

    private static List<String> shown(TreeItem<InstanceRow> at) {
        return at.getChildren().stream().map(t -> t.getValue() instanceof ProjectGroup g ? "[" + g.name() + "] " + shown(t)
                : ((InstanceItem) t.getValue()).nameProperty().get()).toList();
    }

    @Test
    void projectsGroupTheirInstancesAndTheOthersComeAfter() {
        ObservableList<InstanceItem> items = FXCollections.observableArrayList(
                item("loose", null, InstanceState.READY), item("main", "shop", InstanceState.READY),
                item("cache", "shop", InstanceState.STOPPED), item("db", "api", InstanceState.READY));
        ProjectTree tree = new ProjectTree(items);
        assertEquals(List.of("[api] [db]", "[shop] [main, cache]", "loose"), shown(tree.root()));
        ProjectGroup shop = (ProjectGroup) tree.group("shop").getValue();
        assertEquals("1 of 2 Ready", shop.summaryProperty().get());
        assertEquals("/src/shop", shop.folderProperty().get());
    }

    @Test
    void itFollowsTheListAndKeepsTheTreeItemsItHas() {
        InstanceItem loose = item("loose", null, InstanceState.READY);
        InstanceItem main = item("main", "shop", InstanceState.STARTING);
        ObservableList<InstanceItem> items = FXCollections.observableArrayList(loose, main);
        ProjectTree tree = new ProjectTree(items);
        TreeItem<InstanceRow> looseLeaf = tree.leaf(loose);
        items.add(item("cache", "shop", InstanceState.READY));
        assertEquals(List.of("[shop] [main, cache]", "loose"), shown(tree.root()));
        assertSame(looseLeaf, tree.leaf(loose), "a row that stays keeps its tree item (and so its selection)");

        main.update(new InstanceSnapshot(main.record(), InstanceState.READY, "", -1));
        assertEquals("All 2 Ready", ((ProjectGroup) tree.group("shop").getValue()).summaryProperty().get());

        // An instance of no project is brought into one (dbdock up on an adopted name): it moves under the group.
        loose.update(new InstanceSnapshot(loose.record().withProject(new ProjectMembership("shop", "loose", "/src/shop", null)),
                InstanceState.READY, "", -1));
        assertEquals(List.of("[shop] [loose, main, cache]"), shown(tree.root()), "in the list's order");

        items.removeIf(i -> i.record().project() != null);
        assertEquals(List.of(), shown(tree.root()), "a project with no instances left has no group");
    }

    @Test
    void reconcileMovesOnlyWhatMust() {
        ObservableList<String> list = FXCollections.observableArrayList("a", "b", "c");
        int[] changes = {0};
        list.addListener((javafx.collections.ListChangeListener<String>) c -> changes[0]++);
        ProjectTree.reconcile(list, List.of("a", "b", "c"));
        assertEquals(0, changes[0]);
        ProjectTree.reconcile(list, List.of("a", "c", "d"));
        assertEquals(List.of("a", "c", "d"), list);
    }
}

package io.dbdock.ui.main;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

/**
 * The instance list as a tree: each project's instances under its group (projects by name,
 * expanded), the instances of no project after them, in the list's order. It follows the list,
 * changing only the tree items that must change, so that a selected row stays selected.
 */
final class ProjectTree {
    private final ObservableList<InstanceItem> items;
    private final TreeItem<InstanceRow> root = new TreeItem<>();
    private final Map<InstanceItem, TreeItem<InstanceRow>> leaves = new IdentityHashMap<>();
    private final Map<String, TreeItem<InstanceRow>> groups = new LinkedHashMap<>();

    ProjectTree(ObservableList<InstanceItem> items) {
        this.items = items;
        root.setExpanded(true);
        items.addListener((ListChangeListener<InstanceItem>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::follow);
            }
            sync();
        });
        items.forEach(this::follow);
        sync();
    }

    TreeItem<InstanceRow> root() {
        return root;
    }

    /** The tree item of an instance, or null when it is not in the list. */
    TreeItem<InstanceRow> leaf(InstanceItem item) {
        return leaves.get(item);
    }

    /** The group of a project, or null. */
    TreeItem<InstanceRow> group(String project) {
        return groups.get(project);
    }

    /** Items already followed: a filtered list hands the same item in again when it shows it again. */
    private final java.util.Set<InstanceItem> followed = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    private void follow(InstanceItem item) {
        if (!followed.add(item)) {
            return;
        }
        // A record can gain a project (an instance adopted by dbdock up) or a state: the tree and the summaries follow.
        item.recordProperty().addListener((o, was, now) -> {
            if (was == null || now == null || !java.util.Objects.equals(projectOf(was), projectOf(now))) {
                sync();
            }
        });
        item.stateProperty().addListener((o, was, now) -> {
            String project = projectOf(item.record());
            if (project != null && groups.containsKey(project)) {
                ((ProjectGroup) groups.get(project).getValue()).update(members(project));
            }
        });
    }

    private static String projectOf(io.dbdock.model.InstanceRecord r) {
        return r == null || r.project() == null ? null : r.project().project();
    }

    private List<InstanceItem> members(String project) {
        return items.stream().filter(i -> project.equals(projectOf(i.record()))).toList();
    }

    private void sync() {
        Map<String, List<TreeItem<InstanceRow>>> byProject = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<TreeItem<InstanceRow>> loose = new ArrayList<>();
        java.util.Set<InstanceItem> present = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(items);
        leaves.keySet().retainAll(present);
        for (InstanceItem item : items) {
            TreeItem<InstanceRow> leaf = leaves.computeIfAbsent(item, TreeItem::new);
            String project = projectOf(item.record());
            if (project == null) {
                loose.add(leaf);
            } else {
                byProject.computeIfAbsent(project, p -> new ArrayList<>()).add(leaf);
            }
        }
        groups.keySet().retainAll(byProject.keySet());
        List<TreeItem<InstanceRow>> top = new ArrayList<>();
        byProject.forEach((project, members) -> {
            TreeItem<InstanceRow> group = groups.computeIfAbsent(project, p -> {
                TreeItem<InstanceRow> g = new TreeItem<>(new ProjectGroup(p));
                g.setExpanded(true);
                return g;
            });
            ((ProjectGroup) group.getValue()).update(members(project));
            reconcile(group.getChildren(), members);
            top.add(group);
        });
        top.addAll(loose);
        reconcile(root.getChildren(), top);
    }

    /** Makes {@code list} equal to {@code wanted} with as few removals and insertions as it takes. */
    static <T> void reconcile(ObservableList<T> list, List<T> wanted) {
        if (list.equals(wanted)) {
            return;
        }
        list.removeIf(t -> wanted.stream().noneMatch(w -> w == t));
        for (int i = 0; i < wanted.size(); i++) {
            T want = wanted.get(i);
            if (i < list.size() && list.get(i) == want) {
                continue;
            }
            int at = -1;
            for (int j = i + 1; j < list.size(); j++) {
                if (list.get(j) == want) {
                    at = j;
                    break;
                }
            }
            if (at >= 0) {
                list.remove(at);
            }
            list.add(i, want);
        }
    }
}

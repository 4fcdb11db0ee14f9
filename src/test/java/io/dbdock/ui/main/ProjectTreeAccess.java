package io.dbdock.ui.main;

/** For view-model tests outside this package: a project's group as the window's list would show it. */
public final class ProjectTreeAccess {
    public ProjectGroup group(javafx.collections.ObservableList<InstanceItem> items, String project) {
        return (ProjectGroup) new ProjectTree(items).group(project).getValue();
    }
}

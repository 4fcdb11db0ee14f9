package io.dbdock.ui.main;

/** A row of the instance list: an instance, or the project that groups some of them. */
public sealed interface InstanceRow permits InstanceItem, ProjectGroup {
}

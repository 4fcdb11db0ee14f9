package io.dbdock.instance;

/** What a user can do to an instance, in the window, the tray and the CLI; {@link InstanceState#allows} says when. */
public enum InstanceAction {
    START,
    STOP,
    RESTART,
    DELETE,
    COPY_URI,
    OPEN_SHELL
}

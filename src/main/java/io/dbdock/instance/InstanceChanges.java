package io.dbdock.instance;

/**
 * What to change about an instance in one go; null (or false) leaves that setting as it is.
 *
 * @param name        a new name (its container, folder and volume keep theirs)
 * @param autoStart   start it when the dbdock app starts
 * @param bindAddress the host address it is published on (127.0.0.1: this computer only)
 * @param port        a new host port
 * @param newPort     move it to the next free port (when {@code port} is not given)
 */
public record InstanceChanges(String name, Boolean autoStart, String bindAddress, Integer port, boolean newPort) {
    public static InstanceChanges none() {
        return new InstanceChanges(null, null, null, null, false);
    }

    public InstanceChanges withName(String n) {
        return new InstanceChanges(n, autoStart, bindAddress, port, newPort);
    }

    public InstanceChanges withAutoStart(boolean a) {
        return new InstanceChanges(name, a, bindAddress, port, newPort);
    }

    public InstanceChanges withBindAddress(String b) {
        return new InstanceChanges(name, autoStart, b, port, newPort);
    }

    public InstanceChanges withPort(int p) {
        return new InstanceChanges(name, autoStart, bindAddress, p, false);
    }

    public InstanceChanges withNewPort() {
        return new InstanceChanges(name, autoStart, bindAddress, null, true);
    }
}

package io.dbdock.ports;

import io.dbdock.common.Platform;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses host ports. A port is free when no instance reserves it, no container publishes it,
 * and a socket can really be bound to it on the instance's address right now.
 */
public final class PortAllocator {
    public static final int HIGHEST = 65535;

    /**
     * Who listens where instances publish: this computer (a bind tried now), or, for an engine on
     * another machine, what that machine reports.
     */
    public interface Listeners {
        /** Empty when nothing listens on the port; otherwise who does, in a few words ("another program (redis-server, process 12)"). */
        Optional<String> holder(String bindAddress, int port);
    }

    /** This computer's listeners: a bind is tried, and the program holding the port named where the system says. */
    public static final Listeners THIS_COMPUTER = (bindAddress, port) -> canBind(bindAddress, port) ? Optional.empty()
            : Optional.of("another program" + PortHolder.describe(port).map(p -> " (" + p + ")").orElse(""));

    private final Listeners listeners;

    /** Ports on this computer. */
    public PortAllocator() {
        this(THIS_COMPUTER);
    }

    public PortAllocator(Listeners listeners) {
        this.listeners = listeners;
    }

    /** The first free port from {@code preferred} upwards (the engine's default port first). */
    public int allocate(int preferred, String bindAddress, Set<Integer> reserved, Set<Integer> published) {
        for (int port = preferred; port <= HIGHEST; port++) {
            if (whyTaken(port, bindAddress, reserved, published).isEmpty()) {
                return port;
            }
        }
        throw new IllegalStateException("No free port from " + preferred + " upwards");
    }

    /** Empty when the port is free; otherwise a short reason naming what holds it. */
    public Optional<String> whyTaken(int port, String bindAddress, Set<Integer> reserved, Set<Integer> published) {
        java.util.Map<Integer, String> unnamed = new java.util.HashMap<>();
        reserved.forEach(p -> unnamed.put(p, null));
        return whyTaken(port, bindAddress, unnamed, published);
    }

    /** As above, naming the instance that holds the port ({@code reservedBy}: port to instance name). */
    public Optional<String> whyTaken(int port, String bindAddress, java.util.Map<Integer, String> reservedBy, Set<Integer> published) {
        if (reservedBy.containsKey(port)) {
            String holder = reservedBy.get(port);
            return Optional.of(holder == null ? "another dbdock instance uses port " + port
                    : "the dbdock instance '" + holder + "' uses port " + port);
        }
        if (published.contains(port)) {
            return Optional.of("a Docker container publishes port " + port);
        }
        return listeners.holder(bindAddress, port).map(holder -> holder + " is listening on port " + port);
    }

    /**
     * Tries to listen on address:port. SO_REUSEADDR lets closed connections lingering in TIME_WAIT
     * pass (they do not stop a server from listening) while a live listener still blocks; Windows
     * gives that option other meaning, so it stays off there.
     */
    public static boolean canBind(String bindAddress, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(Platform.current() != Platform.WINDOWS);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

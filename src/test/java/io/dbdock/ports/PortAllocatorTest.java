package io.dbdock.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
    private final PortAllocator allocator = new PortAllocator();

    private static ServerSocket listenOnFreePort(String address) throws Exception {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return s;
    }

    @Test
    void skipsAPortHeldByAPlainSocket() throws Exception {
        try (ServerSocket held = listenOnFreePort("127.0.0.1")) {
            int port = held.getLocalPort();
            int chosen = allocator.allocate(port, "127.0.0.1", Set.of(), Set.of());
            assertNotEquals(port, chosen);
            assertTrue(chosen > port);
            // The holder is this test's own JVM: the system says which program it is.
            assertEquals("another program (java, process " + ProcessHandle.current().pid() + ") is listening on port " + port,
                    allocator.whyTaken(port, "127.0.0.1", Set.of(), Set.of()).orElseThrow());
        }
    }

    @Test
    void aListenerOnAllAddressesBlocksLoopback() throws Exception {
        try (ServerSocket held = listenOnFreePort("0.0.0.0")) {
            assertTrue(allocator.whyTaken(held.getLocalPort(), "127.0.0.1", Set.of(), Set.of()).isPresent());
        }
    }

    @Test
    void returnsThePreferredPortWhenFree() throws Exception {
        int free;
        try (ServerSocket s = listenOnFreePort("127.0.0.1")) {
            free = s.getLocalPort();
        }
        assertEquals(free, allocator.allocate(free, "127.0.0.1", Set.of(), Set.of()));
    }

    @Test
    void skipsPortsReservedByInstancesOrPublishedByContainers() throws Exception {
        int base;
        try (ServerSocket s = listenOnFreePort("127.0.0.1")) {
            base = s.getLocalPort();
        }
        int chosen = allocator.allocate(base, "127.0.0.1", Set.of(base), Set.of(base + 1));
        assertTrue(chosen >= base + 2, "chose " + chosen);
        assertEquals("another dbdock instance uses port " + base,
                allocator.whyTaken(base, "127.0.0.1", Set.of(base), Set.of()).orElseThrow());
        assertEquals("a Docker container publishes port " + (base + 1),
                allocator.whyTaken(base + 1, "127.0.0.1", Set.of(), Set.of(base + 1)).orElseThrow());
    }
}

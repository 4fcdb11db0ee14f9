package io.dbdock.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dbdock.common.Platform;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortHolderTest {
    @Test
    void namesTheProcessListeningOnAPort() throws Exception {
        assumeTrue(Platform.current() == Platform.LINUX, "reads /proc");
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            assertEquals(Optional.of("java, process " + ProcessHandle.current().pid()), PortHolder.describe(held.getLocalPort()));
        }
    }

    @Test
    void aPortNobodyListensOnHasNoHolderEvenWithConnectionsOnIt() throws Exception {
        assumeTrue(Platform.current() == Platform.LINUX, "reads /proc");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(Optional.empty(), PortHolder.describe(port));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            // the client's own (ephemeral, connected) port is not a listener
            assertEquals(Optional.empty(), PortHolder.describe(client.getLocalPort()));
            assertTrue(PortHolder.describe(server.getLocalPort()).isPresent());
        }
    }

    @Test
    void readsOnlyListeningSocketsFromTheTable() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:18EB 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0",
                "   1: 00000000:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 31337 1 0",
                "   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0");
        assertEquals(Optional.of(31337L), PortHolder.listeningInode(table, 6379), "the established connection on 6379 is skipped");
        assertEquals(Optional.of(77L), PortHolder.listeningInode(table, 8080));
        assertEquals(Optional.empty(), PortHolder.listeningInode(table, 5432));
    }

    @Test
    void listsEveryListeningPortOfBothTablesOnAnyAddress() {
        List<String> tables = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:18EB 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0",
                "   1: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 31337 1 0",
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000000000000000000001000000:0CEA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  0 0 88 1 0");
        assertEquals(java.util.Set.of(5432, 3306), PortHolder.listeningPorts(tables),
                "6379 only has a connection; 5432 listens on 0.0.0.0 and 3306 on ::1");
        assertEquals(java.util.Set.of(), PortHolder.listeningPorts(List.of()));
    }
}

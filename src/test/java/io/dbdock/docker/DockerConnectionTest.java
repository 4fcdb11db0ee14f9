package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DockerConnectionTest {
    /** A gateway whose ping fails as a connection that broke does. */
    private static DockerGateway broken() {
        return (DockerGateway) Proxy.newProxyInstance(DockerGateway.class.getClassLoader(), new Class<?>[] {DockerGateway.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new DockerUnavailableException("Lost the connection", null);
                });
    }

    private static DockerGateway working() {
        return (DockerGateway) Proxy.newProxyInstance(DockerGateway.class.getClassLoader(), new Class<?>[] {DockerGateway.class},
                (proxy, method, args) -> null);
    }

    private static Supplier<DockerGateway> connector(Deque<Object> answers) {
        return () -> {
            Object next = answers.removeFirst();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (DockerGateway) next;
        };
    }

    @Test
    void anEngineThatStoppedIsReportedAsNotRunningNotAsALostCall() {
        Deque<Object> answers = new ArrayDeque<>();
        answers.add(broken());
        answers.add(new DockerUnavailableException("Docker is not running. Start Docker", null));
        DockerConnection connection = new DockerConnection(connector(answers));

        DockerUnavailableException e = assertThrows(DockerUnavailableException.class, connection::ping);
        assertEquals("Docker is not running. Start Docker", e.getMessage());
    }

    @Test
    void anEngineThatAnswersAgainKeepsTheOriginalErrorAndTheNewConnection() {
        Deque<Object> answers = new ArrayDeque<>();
        answers.add(broken());
        answers.add(working());
        DockerConnection connection = new DockerConnection(connector(answers));

        DockerUnavailableException e = assertThrows(DockerUnavailableException.class, connection::ping);
        assertEquals("Lost the connection", e.getMessage());
        connection.ping(); // the fresh connection is used; the connector has no more answers to give
        assertEquals(0, answers.size());
    }
}

package io.dbdock.instance;

import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * How a client on this computer connects to an instance, computed in one place for the window,
 * the tray and the CLI: host, port, user, database and password, and the engine's connection
 * strings made from them.
 *
 * @param jdbc empty when the engine has no JDBC driver
 * @param env  KEY=value lines for a .env file
 */
public record ConnectionInfo(String host, int port, String user, String database, String password,
                             String uri, Optional<String> jdbc, List<String> env) {

    static ConnectionInfo of(EngineSpec engine, Endpoint e) {
        return new ConnectionInfo(e.host(), e.port(), e.credentials().user(), e.credentials().database(), e.credentials().password(),
                engine.formats().uri(e), engine.formats().jdbc(e), List.copyOf(engine.formats().env(e)));
    }
}

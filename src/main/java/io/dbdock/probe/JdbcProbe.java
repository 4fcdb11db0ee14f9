package io.dbdock.probe;

import io.dbdock.engine.Endpoint;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/** Logs in over JDBC and runs {@code SELECT 1}. Used for PostgreSQL, MySQL and MariaDB. */
final class JdbcProbe implements ReadinessProbe {
    private final Driver driver;
    private final Function<Endpoint, String> url;
    private final Properties extra;
    private final Set<String> authStates;
    private final Set<Integer> authCodes;

    JdbcProbe(Driver driver, Function<Endpoint, String> url, Properties extra, Set<String> authStates, Set<Integer> authCodes) {
        this.driver = driver;
        this.url = url;
        this.extra = extra;
        this.authStates = authStates;
        this.authCodes = authCodes;
    }

    /** PostgreSQL through pgjdbc; 28P01/28000 mean the password or user was refused. */
    static JdbcProbe postgres() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "3");
        p.setProperty("loginTimeout", "3");
        p.setProperty("ApplicationName", "dbdock-probe");
        return new JdbcProbe(new org.postgresql.Driver(),
                e -> "jdbc:postgresql://" + e.uriHost() + ":" + e.port() + "/" + e.credentials().database(),
                p, Set.of("28P01", "28000"), Set.of());
    }

    /**
     * MySQL and MariaDB through MariaDB Connector/J. MySQL 8.4+ uses caching_sha2_password, which
     * on plain TCP needs the server's RSA key: allowPublicKeyRetrieval lets the driver fetch it.
     */
    static JdbcProbe mysql() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "2000");
        p.setProperty("socketTimeout", "3000");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("sslMode", "disable");
        return new JdbcProbe(new org.mariadb.jdbc.Driver(),
                e -> "jdbc:mariadb://" + e.uriHost() + ":" + e.port() + "/" + e.credentials().database(),
                p, Set.of("28000"), Set.of(1045, 1044, 1698));
    }

    /** The connection properties this probe uses (for tests of the MySQL key-retrieval setting). */
    Properties properties() {
        return (Properties) extra.clone();
    }

    @Override
    public ProbeResult check(Endpoint endpoint) {
        Properties props = properties();
        props.setProperty("user", endpoint.credentials().user());
        props.setProperty("password", endpoint.credentials().password());
        try (Connection c = driver.connect(url.apply(endpoint), props); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return ProbeResult.ready();
        } catch (SQLException e) {
            if (authStates.contains(e.getSQLState()) || authCodes.contains(e.getErrorCode())) {
                return ProbeResult.authFailed("The server refused user '" + endpoint.credentials().user()
                        + "' with the stored password: its data was probably initialised with another password. "
                        + ProbeResult.FIX_PASSWORD_HINT);
            }
            return ProbeResult.notReady(firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            return ProbeResult.notReady(firstLine(e.toString()));
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no answer";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

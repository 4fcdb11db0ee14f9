package io.dbdock.probe;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dbdock.engine.Endpoint;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * {@code ping} with the official Java driver, authenticated as the root user. A server that has
 * no authentication at all (the saslStart command is unknown to it) is accepted on the ping alone.
 */
final class MongoProbe implements ReadinessProbe {
    private static final int COMMAND_NOT_FOUND = 59;
    private static final int AUTHENTICATION_FAILED = 18;

    @Override
    public ProbeResult check(Endpoint endpoint) {
        ProbeResult open = ping(endpoint, null);
        if (!open.isReady()) {
            return open;
        }
        MongoCredential credential = MongoCredential.createCredential(endpoint.credentials().user(), "admin",
                endpoint.credentials().password().toCharArray());
        ProbeResult authenticated = ping(endpoint, credential);
        return authenticated;
    }

    private ProbeResult ping(Endpoint endpoint, MongoCredential credential) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + endpoint.uriHost() + ":" + endpoint.port()
                        + "/?directConnection=true"))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(2, TimeUnit.SECONDS).readTimeout(3, TimeUnit.SECONDS))
                .applicationName("dbdock-probe");
        if (credential != null) {
            settings.credential(credential);
        }
        try (MongoClient client = MongoClients.create(settings.build())) {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            return ProbeResult.ready();
        } catch (MongoSecurityException e) {
            return classifyAuth(e);
        } catch (MongoException e) {
            return ProbeResult.notReady(JdbcProbe.firstLine(e.getMessage()));
        }
    }

    private static ProbeResult classifyAuth(MongoSecurityException e) {
        if (e.getCause() instanceof MongoCommandException c) {
            if (c.getErrorCode() == COMMAND_NOT_FOUND) {
                // A server without authentication support (e.g. the test stand-in): the ping proved it is up.
                return ProbeResult.ready();
            }
            if (c.getErrorCode() == AUTHENTICATION_FAILED) {
                return ProbeResult.authFailed("MongoDB refused the stored password for user root.");
            }
        }
        return ProbeResult.notReady(JdbcProbe.firstLine(e.getMessage()));
    }
}

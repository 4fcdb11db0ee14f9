package io.dbdock.probe;

import io.dbdock.engine.Endpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** AUTH then PING with Jedis; "LOADING" (still reading the data file) is not ready yet. */
final class RedisProbe implements ReadinessProbe {
    @Override
    public ProbeResult check(Endpoint endpoint) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .password(endpoint.credentials().password())
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(2000)
                .clientName("dbdock-probe")
                .build();
        try (Jedis jedis = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config)) {
            return "PONG".equals(jedis.ping()) ? ProbeResult.ready() : ProbeResult.notReady("unexpected PING reply");
        } catch (JedisAccessControlException e) {
            return authFailed();
        } catch (JedisDataException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("WRONGPASS") || m.contains("invalid password") || m.contains("NOAUTH")) {
                return authFailed();
            }
            return ProbeResult.notReady(m);
        } catch (JedisException e) {
            return ProbeResult.notReady(JdbcProbe.firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static ProbeResult authFailed() {
        return ProbeResult.authFailed("Redis refused the stored password.");
    }
}

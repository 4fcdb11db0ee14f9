package io.dbdock.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.Endpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import redis.clients.jedis.Jedis;

/** Real clients that write and read a value through the published port, using dbdock's connection strings. */
public final class DataClient {
    private DataClient() {
    }

    public static void write(EngineSpec engine, Endpoint e, String value) throws Exception {
        switch (engine.id()) {
            case "postgres", "mysql", "mariadb" -> {
                try (Connection c = DriverManager.getConnection(jdbc(engine, e)); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS dbdock_it (v VARCHAR(100))");
                    s.execute("INSERT INTO dbdock_it (v) VALUES ('" + value + "')");
                }
            }
            // The Mongo stand-in has no authentication: the client connects without credentials.
            case "mongo" -> {
                try (MongoClient c = MongoClients.create("mongodb://" + e.uriHost() + ":" + e.port())) {
                    c.getDatabase("it").getCollection("values").insertOne(new Document("v", value));
                }
            }
            case "redis", "valkey" -> {
                try (Jedis j = new Jedis(java.net.URI.create(engine.formats().uri(e)))) {
                    j.rpush("dbdock_it", value);
                }
            }
            default -> throw new IllegalArgumentException(engine.id());
        }
    }

    public static List<String> read(EngineSpec engine, Endpoint e) throws Exception {
        List<String> values = new ArrayList<>();
        switch (engine.id()) {
            case "postgres", "mysql", "mariadb" -> {
                try (Connection c = DriverManager.getConnection(jdbc(engine, e)); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT v FROM dbdock_it")) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
            case "mongo" -> {
                try (MongoClient c = MongoClients.create("mongodb://" + e.uriHost() + ":" + e.port())) {
                    c.getDatabase("it").getCollection("values").find().forEach(d -> values.add(d.getString("v")));
                }
            }
            case "redis", "valkey" -> {
                try (Jedis j = new Jedis(java.net.URI.create(engine.formats().uri(e)))) {
                    values.addAll(j.lrange("dbdock_it", 0, -1));
                }
            }
            default -> throw new IllegalArgumentException(engine.id());
        }
        return values;
    }

    /** The version the server itself reports, through the published port with the instance's credentials. */
    public static String serverVersion(EngineSpec engine, Endpoint e) throws Exception {
        switch (engine.id()) {
            case "postgres", "mysql", "mariadb" -> {
                try (Connection c = DriverManager.getConnection(jdbc(engine, e)); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(engine.id().equals("postgres") ? "SHOW server_version" : "SELECT VERSION()")) {
                    rs.next();
                    return rs.getString(1);
                }
            }
            case "mongo" -> {
                try (MongoClient c = MongoClients.create("mongodb://" + e.uriHost() + ":" + e.port())) {
                    return "stand-in, says " + c.getDatabase("admin").runCommand(new Document("buildinfo", 1)).get("version");
                }
            }
            case "redis", "valkey" -> {
                // Valkey also says redis_version (7.2.4, the Redis it forked from) for old clients: its own is valkey_version.
                String field = engine.id() + "_version:";
                try (Jedis j = new Jedis(java.net.URI.create(engine.formats().uri(e)))) {
                    return j.info("server").lines().filter(l -> l.startsWith(field)).findFirst()
                            .map(l -> l.substring(field.length()).trim()).orElseThrow();
                }
            }
            default -> throw new IllegalArgumentException(engine.id());
        }
    }

    /** dbdock's own JDBC URL, as a user pastes it: MySQL's goes to MySQL Connector/J, MariaDB's to MariaDB's driver. */
    static String jdbc(EngineSpec engine, Endpoint e) {
        return engine.formats().jdbc(e).orElseThrow();
    }
}

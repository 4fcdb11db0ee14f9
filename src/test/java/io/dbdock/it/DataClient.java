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
            case "redis" -> {
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
            case "redis" -> {
                try (Jedis j = new Jedis(java.net.URI.create(engine.formats().uri(e)))) {
                    values.addAll(j.lrange("dbdock_it", 0, -1));
                }
            }
            default -> throw new IllegalArgumentException(engine.id());
        }
        return values;
    }

    /** dbdock's own JDBC URL; MySQL's names Connector/J, which the MariaDB driver serves under its own scheme. */
    static String jdbc(EngineSpec engine, Endpoint e) {
        String url = engine.formats().jdbc(e).orElseThrow();
        return url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
    }
}

package io.dbdock.it;

import io.dbdock.engine.Endpoint;
import io.dbdock.engine.EngineCatalog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Real work for each PostgreSQL variant through its published port, with dbdock's JDBC URL: a
 * nearest-neighbour search on an HNSW index (pgvector), a distance on the globe with a spatial
 * index (PostGIS), a hypertable insert and a time_bucket (TimescaleDB). {@link #write} makes the
 * data, {@link #read} answers from it, the same after a backup, a restore and an upgrade.
 */
final class VariantQueries {
    private VariantQueries() {
    }

    private static Connection connect(Endpoint e) throws Exception {
        return DriverManager.getConnection(DataClient.jdbc(EngineCatalog.standard().find("postgres").orElseThrow(), e));
    }

    /** The installed version of an extension in the instance's database, or "" when it is not created. */
    static String extensionVersion(Endpoint e, String extension) throws Exception {
        try (Connection c = connect(e); PreparedStatement s = c.prepareStatement("select extversion from pg_extension where extname = ?")) {
            s.setString(1, extension);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    static void write(String variant, Endpoint e) throws Exception {
        try (Connection c = connect(e); Statement s = c.createStatement()) {
            switch (variant) {
                case "pgvector" -> {
                    s.execute("create table items (id int primary key, embedding vector(3))");
                    s.execute("insert into items values (1, '[1,0,0]'), (2, '[0,0.8,0]'), (3, '[0.9,0.9,0.9]'), (4, '[5,5,5]')");
                    s.execute("create index items_hnsw on items using hnsw (embedding vector_l2_ops)");
                }
                case "postgis" -> {
                    s.execute("create table cities (name text primary key, place geography(point, 4326))");
                    s.execute("insert into cities values ('Berlin', 'SRID=4326;POINT(13.405 52.52)'),"
                            + " ('Paris', 'SRID=4326;POINT(2.3522 48.8566)'), ('Madrid', 'SRID=4326;POINT(-3.7038 40.4168)')");
                    s.execute("create index cities_place on cities using gist (place)");
                }
                case "timescaledb" -> {
                    s.execute("create table metrics (time timestamptz not null, device int, value double precision)");
                    s.execute("select create_hypertable('metrics', 'time', chunk_time_interval => interval '1 hour')");
                    s.execute("insert into metrics select timestamptz '2026-01-01 00:00+00' + (i * interval '10 minutes'), i % 2, i"
                            + " from generate_series(0, 17) i");
                }
                default -> throw new IllegalArgumentException(variant);
            }
        }
    }

    /** What the variant's own functions answer from the data {@link #write} made. */
    static List<String> read(String variant, Endpoint e) throws Exception {
        String query = switch (variant) {
            // Nearest neighbours of [1,1,1] through the HNSW index (forced: a sequential scan would answer too).
            case "pgvector" -> "select id::text from items order by embedding <-> '[1,1,1]' limit 2";
            case "postgis" -> "select b.name || ' ' || round(ST_Distance(a.place, b.place) / 1000)::text || ' km' from cities a, cities b"
                    + " where a.name = 'Berlin' and ST_DWithin(a.place, b.place, 1500000) and b.name <> a.name order by 1";
            case "timescaledb" -> "select to_char(b, 'HH24:MI') || ' ' || n || ' ' || a from (select time_bucket('1 hour', time)"
                    + " at time zone 'UTC' as b, count(*) as n, avg(value) as a from metrics group by 1) x order by b";
            default -> throw new IllegalArgumentException(variant);
        };
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(e); Statement s = c.createStatement()) {
            if (variant.equals("pgvector")) {
                s.execute("set enable_seqscan = off");
            }
            try (ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    /** The answers {@link #read} must give. */
    static List<String> expected(String variant) {
        return switch (variant) {
            case "pgvector" -> List.of("3", "1");
            case "postgis" -> List.of("Paris 880 km"); // 879.7 km on the WGS 84 spheroid (Vincenty)
            case "timescaledb" -> List.of("00:00 6 2.5", "01:00 6 8.5", "02:00 6 14.5");
            default -> throw new IllegalArgumentException(variant);
        };
    }

    /** How many chunks the hypertable has: TimescaleDB's own catalog, which a restore must bring back too. */
    static int chunks(Endpoint e) throws Exception {
        try (Connection c = connect(e); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from timescaledb_information.chunks where hypertable_name = 'metrics'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

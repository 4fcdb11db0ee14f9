package io.dbdock.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What src/test/images/servers.tsv promises: which real server major answers each catalog tag. */
final class TestImages {
    private static final Map<String, String> SERVERS = read();

    private TestImages() {
    }

    /** The server major that answers engine:version ("17", "9.7", "8.0"), or "stand-in". */
    static String server(String engine, String version) {
        return server(io.dbdock.engine.EngineCatalog.standard().find(engine).orElseThrow(), version);
    }

    /** The same for an engine with its variant (pgvector/pgvector:pg17). */
    static String server(io.dbdock.engine.EngineSpec engine, String version) {
        // servers.tsv names images as build.sh tags them: by the catalog's repository and tag (valkey/valkey:9, postgis/postgis:17-3.5).
        String image = engine.repository() + ":" + engine.version(version).orElseThrow().tag();
        String server = SERVERS.get(image);
        if (server == null) {
            throw new IllegalArgumentException("servers.tsv has no line for " + image);
        }
        return server;
    }

    private static Map<String, String> read() {
        Map<String, String> servers = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("src/test/images/servers.tsv"))) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.split("\t+");
                    servers.put(f[0], f[3]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return servers;
    }
}

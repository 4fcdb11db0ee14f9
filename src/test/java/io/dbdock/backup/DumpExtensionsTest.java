package io.dbdock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DumpExtensionsTest {
    private static Set<String> scan(String dump, int chunk) {
        DumpExtensions e = new DumpExtensions();
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            e.add(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return e.names();
    }

    /** What pg_dumpall writes (PostgreSQL 17), cut into buffers anywhere, even inside a statement. */
    @Test
    void findsEveryCreatedExtensionWhereverTheBuffersEnd() {
        String dump = "--\n-- PostgreSQL database cluster dump\n--\n\\connect shop\n"
                + "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;\n"
                + "COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';\n"
                + "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public;\n"
                + "INSERT INTO notes VALUES ('CREATE EXTENSION postgis');\n"
                + "\\connect geo\nCREATE EXTENSION postgis;";
        for (int chunk : new int[] {1, 7, 64, 1 << 16}) {
            assertEquals(Set.of("vector", "uuid-ossp", "postgis"), scan(dump, chunk), "chunks of " + chunk);
        }
    }

    @Test
    void aLineThatOnlyMentionsAnExtensionCountsForNothing() {
        assertEquals(Set.of(), scan("-- CREATE EXTENSION vector\nSELECT 'CREATE EXTENSION x';\n" + "x".repeat(500) + "\n", 13));
    }
}

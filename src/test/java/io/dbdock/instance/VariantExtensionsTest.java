package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What an image's extension folder offers: install scripts only, in release order. */
class VariantExtensionsTest {
    @Test
    void onlyInstallScriptsCountAndReleasesSortByNumber() {
        String listing = String.join("\n", "timescaledb.control", "timescaledb--2.9.3.sql", "timescaledb--2.10.0.sql",
                "timescaledb--2.9.3--2.10.0.sql", "timescaledb--2.31.1.sql", "timescaledb--2.19.3--2.31.1.sql",
                "timescaledb_toolkit--1.0.sql", "plpgsql--1.0.sql");
        assertEquals(List.of("2.9.3", "2.10.0", "2.31.1"), VariantExtensions.installableVersions(listing, "timescaledb"),
                "an update script (A--B) installs nothing; another extension's scripts are not this one's");
        assertEquals(List.of(), VariantExtensions.installableVersions(listing, "vector"));
        assertTrue(VariantExtensions.compareVersions("2.9", "2.10") < 0);
        assertTrue(VariantExtensions.compareVersions("2.10.1", "2.10") > 0);
    }
}

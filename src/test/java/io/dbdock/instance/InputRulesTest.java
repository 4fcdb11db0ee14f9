package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InputRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "My DB 2", "app_db.test-1", "a", "0abc"})
    void acceptsReasonableNames(String name) {
        assertNull(InputRules.nameProblem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " lead", "trail ", "-dash", "semi;colon", "slash/name", "dollar$", "ünïcode",
            "x2345678901234567890123456789012345678901"})
    void rejectsBadNamesWithASentence(String name) {
        String problem = InputRules.nameProblem(name);
        assertNotNull(problem);
        assertEquals('.', problem.charAt(problem.length() - 1));
    }

    @ParameterizedTest
    @CsvSource({"My DB 2,my-db-2", "postgres,postgres", "a..b__c,a-b-c", "X-,x"})
    void slugsAreLowerCaseWithDashes(String name, String slug) {
        assertEquals(slug, InputRules.slug(name));
    }

    @Test
    void defaultNamesAreNumberedWhenTaken() {
        assertEquals("redis", InputRules.defaultName("redis", List.of()));
        assertEquals("redis-2", InputRules.defaultName("redis", List.of("redis")));
        assertEquals("redis-3", InputRules.defaultName("redis", List.of("redis", "redis-2")));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 100000})
    void rejectsPortsOutOfRange(int port) {
        assertNotNull(InputRules.portProblem(port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "::1", "::"})
    void acceptsLocalBindAddresses(String address) {
        assertNull(InputRules.bindAddressProblem(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "8.8.8.8", "999.1.1.1", "", "1.2.3"})
    void rejectsNamesAndForeignAddresses(String address) {
        assertNotNull(InputRules.bindAddressProblem(address));
    }

    @Test
    void clientsConnectToLoopbackForWildcardBinds() {
        assertEquals("127.0.0.1", InputRules.clientHost("0.0.0.0"));
        assertEquals("::1", InputRules.clientHost("::"));
        assertEquals("127.0.0.1", InputRules.clientHost("127.0.0.1"));
    }

    @Test
    void aVariantIsFoundByItsExtensionsInAnyOrderOrRefusedWithWhatThereIs() {
        io.dbdock.engine.EngineCatalog catalog = io.dbdock.engine.EngineCatalog.standard();
        assertEquals("pgvector", InputRules.engineFor(catalog, "postgres", "pgvector").variantId());
        assertEquals("timescaledb+pgvector", InputRules.engineFor(catalog, "postgres", "pgvector,timescaledb").variantId());
        assertEquals("timescaledb+pgvector", InputRules.engineFor(catalog, "Postgres", "timescaledb+pgvector").variantId());
        assertEquals(null, InputRules.engineFor(catalog, "postgres", " ").variantId());
        assertEquals("PostgreSQL has no variant 'pgvectr'. Did you mean pgvector? Choose from: pgvector, postgis, timescaledb.",
                org.junit.jupiter.api.Assertions.assertThrows(io.dbdock.common.UserFacingException.class,
                        () -> InputRules.engineFor(catalog, "postgres", "pgvectr")).getMessage());
        assertEquals("pgvector and postgis cannot be combined: no image has them all. Possible: pgvector, postgis, timescaledb, "
                        + "timescaledb+pgvector.",
                org.junit.jupiter.api.Assertions.assertThrows(io.dbdock.common.UserFacingException.class,
                        () -> InputRules.engineFor(catalog, "postgres", "pgvector,postgis")).getMessage());
        assertEquals("Redis has no variants; PostgreSQL (pgvector, postgis, timescaledb) has.",
                org.junit.jupiter.api.Assertions.assertThrows(io.dbdock.common.UserFacingException.class,
                        () -> InputRules.engineFor(catalog, "redis", "pgvector")).getMessage());
    }
}

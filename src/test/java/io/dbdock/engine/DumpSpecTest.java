package io.dbdock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpSpecTest {
    private final EngineCatalog catalog = EngineCatalog.standard();

    private DumpSpec dump(String engine) {
        return catalog.find(engine).orElseThrow().dump();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aPostgresDumpIsCompleteOnlyWithItsClosingLine() {
        DumpSpec pg = dump("postgres");
        String complete = "...\n--\n-- PostgreSQL database cluster dump complete\n--\n\n";
        assertTrue(pg.ending().test().test(ascii(complete)));
        // psql 15.14+ adds an unrestrict line after the last comment block.
        assertTrue(pg.ending().test().test(ascii("x\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc123\n\n")));
        assertFalse(pg.ending().test().test(ascii("--\n-- PostgreSQL database cluster dump complete\n--\nCREATE TABLE t (a int);\n")),
                "statements after the closing line mean the file was cut mid-way through another part");
        assertFalse(pg.ending().test().test(ascii("COPY public.t (a) FROM stdin;\n1\n2\n")));
        assertTrue(pg.matchesHeader(ascii("--\n-- PostgreSQL database cluster dump\n--\n")));
        assertFalse(pg.matchesHeader(ascii("-- MySQL dump 10.13")));
    }

    @Test
    void mysqlAndMariadbShareTheirDumpFormat() {
        for (String engine : List.of("mysql", "mariadb")) {
            DumpSpec d = dump(engine);
            assertTrue(d.matchesHeader(ascii("-- MySQL dump 10.13  Distrib 8.4.3")), engine);
            assertTrue(d.matchesHeader(ascii("-- MariaDB dump 10.19-11.8.2-MariaDB")), engine);
            assertTrue(d.matchesHeader(ascii("/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump")), engine);
            assertTrue(d.ending().test().test(ascii("UNLOCK TABLES;\n-- Dump completed on 2026-11-23  3:01:02\n")), engine);
            assertFalse(d.ending().test().test(ascii("INSERT INTO `t` VALUES (1,'x'),")), engine);
        }
    }

    @Test
    void anRdbEndsWithItsEndMarkAndAChecksum() {
        DumpSpec redis = dump("redis");
        byte[] rdb = new byte[40];
        System.arraycopy(ascii("REDIS0011"), 0, rdb, 0, 9);
        rdb[rdb.length - 9] = (byte) 0xFF;
        assertTrue(redis.matchesHeader(rdb));
        assertTrue(redis.ending().test().test(rdb));
        assertFalse(redis.ending().test().test(java.util.Arrays.copyOf(rdb, rdb.length - 3)), "cut short");
        assertTrue(redis.load().intoRunningServer() == false && "dump.rdb".equals(redis.load().dataFile()));
        assertEquals(List.of("--appendonly", "no"), redis.load().startArguments(),
                "Redis 7+ ignores dump.rdb when it starts in append-only mode");
    }

    @Test
    void noDumpCommandCarriesThePasswordAsAnArgument() {
        Credentials c = new Credentials("app", "s3cr3t-value", "appdb");
        for (EngineSpec e : catalog.all()) {
            DumpSpec d = e.dump();
            String all = String.join(" ", d.dumpCommand(c)) + " "
                    + (d.load().intoRunningServer() ? String.join(" ", d.load().streamCommand().apply(c)) : String.join(" ", d.load().afterLoad()))
                    + d.resetPassword().map(r -> r instanceof PasswordRepair.Exec e2 ? String.join(" ", e2.command().apply(c))
                            : String.join(" ", ((PasswordRepair.StartWithInitFile) r).startArguments())).orElse("");
            assertFalse(all.contains("s3cr3t-value"), e.id() + ": " + all);
            assertTrue(all.contains(EngineCatalog.SECRET_DIR + "/"), e.id() + " reads the password from a file dbdock copied in");
        }
    }

    @Test
    void onlyTheConnectedUsersOwnRoleErrorsAreHarmlessWhenLoadingPostgres() {
        DumpSpec pg = dump("postgres");
        Credentials c = new Credentials("app", "pw", "appdb");
        assertTrue(pg.harmlessError().test(c, "psql:<stdin>:14: ERROR:  current user cannot be dropped"));
        assertTrue(pg.harmlessError().test(c, "psql:<stdin>:16: ERROR:  role \"app\" already exists"));
        assertFalse(pg.harmlessError().test(c, "psql:<stdin>:16: ERROR:  role \"other\" already exists"));
        assertFalse(pg.harmlessError().test(c, "psql:<stdin>:99: ERROR:  syntax error at or near \"THIS\""));
    }
}

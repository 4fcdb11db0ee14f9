package io.dbdock.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every engine dbdock offers, as data. Add a version by adding an {@link EngineVersion}; add an
 * engine by adding one {@link EngineSpec} (and a probe kind if its protocol is new).
 *
 * <p>Secrets never go into env or command: each recipe names a {@code *_FILE} variable or a
 * config file under {@link #SECRET_DIR}, and dbdock copies those files into the container
 * before it starts.
 */
public final class EngineCatalog {
    /** Where secret files are placed inside every container. */
    public static final String SECRET_DIR = "/run/dbdock";
    /** The instance password, as a file, in every container. */
    public static final String PASSWORD_FILE = SECRET_DIR + "/password";

    /** What the SQL engines run as init files: plain or gzipped SQL. */
    private static final List<String> SQL_FILES = List.of(".sql", ".sql.gz");

    private static final String POSTGRES_DATA = "/var/lib/postgresql/data";
    private static final String MYSQL_DATA = "/var/lib/mysql";

    private final Map<String, EngineSpec> engines = new LinkedHashMap<>();
    private final List<EngineSwitch> switches;

    private EngineCatalog(List<EngineSpec> specs, List<EngineSwitch> switches) {
        specs.forEach(s -> engines.put(s.id(), s));
        this.switches = List.copyOf(switches);
    }

    /** The built-in catalog. */
    public static EngineCatalog standard() {
        return new EngineCatalog(List.of(postgres(), mysql(), mariadb(), mongo(), redis(), valkey()), List.of(redisToValkey()));
    }

    /** The engine an instance of {@code engineId} can switch to with the upgrade flow, if any. */
    public Optional<EngineSwitch> switchFrom(String engineId) {
        return switches.stream().filter(s -> s.from().equals(engineId)).findFirst();
    }

    /** The switch that brought an instance of {@code engineId} here, if any (Valkey: from Redis). */
    public Optional<EngineSwitch> switchTo(String engineId) {
        return switches.stream().filter(s -> s.to().equals(engineId)).findFirst();
    }

    public List<EngineSpec> all() {
        return List.copyOf(engines.values());
    }

    public Optional<EngineSpec> find(String id) {
        return Optional.ofNullable(id == null ? null : engines.get(id.toLowerCase(java.util.Locale.ROOT)));
    }

    private static EngineSpec postgres() {
        return new EngineSpec("postgres", "PostgreSQL", "postgres", 5432, "postgres", "postgres",
                ProbeKind.POSTGRES, Duration.ofSeconds(90), "18",
                List.of(new EngineVersion("14", POSTGRES_DATA),
                        new EngineVersion("15", POSTGRES_DATA),
                        new EngineVersion("16", POSTGRES_DATA),
                        new EngineVersion("17", POSTGRES_DATA),
                        // 18 keeps PGDATA in /var/lib/postgresql/18/docker and refuses a mount at .../data.
                        new EngineVersion("18", "18", "/var/lib/postgresql", "new data layout")),
                (version, c) -> new ContainerRecipe(
                        Map.of("POSTGRES_USER", c.user(),
                                "POSTGRES_DB", c.database(),
                                "POSTGRES_PASSWORD_FILE", PASSWORD_FILE),
                        List.of(),
                        Map.of(PASSWORD_FILE, c.password())),
                new ConnectionFormats(
                        e -> ConnectionFormats.userInfoUri("postgresql", e, ConnectionFormats.encode(e.credentials().database())),
                        e -> "jdbc:postgresql://" + e.uriHost() + ":" + e.port() + "/"
                                + ConnectionFormats.encode(e.credentials().database())
                                + "?user=" + ConnectionFormats.encode(e.credentials().user())
                                + "&password=" + ConnectionFormats.encode(e.credentials().password()),
                        e -> List.of(
                                envLine("DATABASE_URL", ConnectionFormats.userInfoUri("postgresql", e,
                                        ConnectionFormats.encode(e.credentials().database()))),
                                envLine("PGHOST", e.host()),
                                envLine("PGPORT", String.valueOf(e.port())),
                                envLine("PGUSER", e.credentials().user()),
                                envLine("PGPASSWORD", e.credentials().password()),
                                envLine("PGDATABASE", e.credentials().database()))),
                new ClientCommands(c -> List.of("psql", "-U", c.user(), "-d", c.database()),
                        (c, statement) -> List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-U", c.user(), "-d", c.database(),
                                "-c", statement),
                        // "-f -": input read as a file, so an error names its line ("psql:<stdin>:3: ERROR: ...").
                        new ScriptRunner(SQL_FILES, (c, path) -> List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                "-U", c.user(), "-d", c.database(), "-f", "-"), ScriptRunner.Feed.SQL_INPUT)),
                postgresDump(),
                ANY_PASSWORD,
                postgresVariants(),
                null);
    }

    /**
     * The extension images the projects themselves publish on top of the official postgres image
     * (tags as listed in each project's README: pgvector's "pgN", docker-postgis' "N-3.x" for Debian,
     * timescaledb-docker's "latest-pgN", built for PostgreSQL 15 to 18 only).
     */
    private static List<EngineVariant> postgresVariants() {
        Map<String, String> pgvector = new LinkedHashMap<>();
        Map<String, String> postgis = new LinkedHashMap<>();
        Map<String, String> timescale = new LinkedHashMap<>();
        for (String v : List.of("14", "15", "16", "17", "18")) {
            pgvector.put(v, "pg" + v);
            postgis.put(v, v + ("18".equals(v) ? "-3.6" : "-3.5"));
            if (!"14".equals(v)) {
                timescale.put(v, "latest-pg" + v);
            }
        }
        return List.of(
                new EngineVariant("pgvector", "pgvector", List.of("pgvector"), "vector similarity search for embeddings",
                        "pgvector/pgvector", pgvector, List.of("vector"), List.of("vector"), List.of()),
                // The image itself loads postgis and postgis_topology into the first database and a template_postgis.
                new EngineVariant("postgis", "PostGIS", List.of("postgis"), "geographic objects, distances and spatial indexes",
                        "postgis/postgis", postgis, List.of("postgis"),
                        List.of("postgis", "postgis_topology", "postgis_raster", "postgis_sfcgal", "postgis_tiger_geocoder",
                                "address_standardizer", "address_standardizer_data_us"), List.of()),
                // The image preloads the library (shared_preload_libraries) and also builds pgvector in.
                new EngineVariant("timescaledb", "TimescaleDB", List.of("timescaledb"), "time-series tables (hypertables, time_bucket)",
                        "timescale/timescaledb", timescale, List.of("timescaledb"), List.of("timescaledb", "vector"), List.of("timescaledb")),
                new EngineVariant("timescaledb+pgvector", "TimescaleDB and pgvector", List.of("timescaledb", "pgvector"),
                        "time-series tables and vector search in one image", "timescale/timescaledb", timescale,
                        List.of("timescaledb", "vector"), List.of("timescaledb", "vector"), List.of("timescaledb")));
    }

    /** An engine as lists write it ("postgres", "postgres+pgvector": see {@code InstanceRecord.engineWithVariant}). */
    public Optional<EngineSpec> findWritten(String engineWithVariant) {
        if (engineWithVariant == null) {
            return Optional.empty();
        }
        int plus = engineWithVariant.indexOf('+');
        return plus < 0 ? find(engineWithVariant) : find(engineWithVariant.substring(0, plus), engineWithVariant.substring(plus + 1));
    }

    /** The plain engine a spec (perhaps a variant's) belongs to: where its variants are listed. */
    public EngineSpec base(EngineSpec engine) {
        return find(engine.id()).orElseThrow();
    }

    /** An engine id with an optional variant ("postgres" or "postgres+pgvector" in labels and lists). */
    public Optional<EngineSpec> find(String engineId, String variantId) {
        Optional<EngineSpec> base = find(engineId);
        if (variantId == null || variantId.isBlank()) {
            return base;
        }
        return base.flatMap(e -> e.variant(variantId).map(e::withVariant));
    }

    /**
     * pg_dumpall with --clean: loading it into a freshly initialised instance drops and recreates
     * every database and role, except the connected user, which cannot drop or recreate itself.
     */
    private static DumpSpec postgresDump() {
        String password = "export PGPASSWORD=\"$(cat " + PASSWORD_FILE + ")\"; ";
        return new DumpSpec("sql", "pg_dumpall and psql",
                c -> sh(password + "exec pg_dumpall --clean --if-exists -U " + shellQuote(c.user())),
                // First the template databases the image made at its first start (PostGIS' template_postgis) become
                // plain ones: --clean drops every database the dump has, and a template cannot be dropped. The dump
                // makes them templates again where they were.
                DumpSpec.Load.stream(c -> sh(password + "printf '%s\\n' \"SELECT format('ALTER DATABASE %I IS_TEMPLATE false', datname)"
                        + " FROM pg_database WHERE datistemplate AND datallowconn AND oid <> 1 \\\\gexec\" | psql -X -q -v ON_ERROR_STOP=1 -U "
                        + shellQuote(c.user()) + " -d postgres >/dev/null && exec psql -X -q -U " + shellQuote(c.user())
                        + " -d postgres >/dev/null")),
                List.of("--\n-- PostgreSQL database"),
                DumpSpec.Ending.closingLine("-- PostgreSQL database cluster dump complete", "-- PostgreSQL database dump complete"),
                // The connected user stays as it is (TimescaleDB refuses its drop first: it owns the extension's jobs).
                (c, error) -> error.contains("current user cannot be dropped")
                        || error.contains("role \"" + c.user() + "\" cannot be dropped because some objects depend on it")
                        || error.contains("role \"" + c.user() + "\" already exists"),
                Optional.of(new PasswordRepair.Exec(c -> sh(password + "printf '%s\\n' '\\set pw `cat " + PASSWORD_FILE + "`' "
                        + "'ALTER ROLE :\"u\" WITH PASSWORD :'\\''pw'\\'';' | psql -X -q -v ON_ERROR_STOP=1 -U "
                        + shellQuote(c.user()) + " -v u=" + shellQuote(c.user()) + " -d postgres >/dev/null"))),
                // Exact row counts of every table in every database: one generated SELECT per table.
                Optional.of(c -> sh(password + "u=" + shellQuote(c.user()) + "; "
                        + "psql -X -At -U \"$u\" -d postgres -c \"select datname from pg_database where datallowconn "
                        + "and not datistemplate order by 1\" | while IFS= read -r db; do "
                        + "psql -X -At -U \"$u\" -d \"$db\" -c \"select format('select %L || '' '' || count(*) from %I.%I;', "
                        + "current_database() || '.' || schemaname || '.' || tablename, schemaname, tablename) from pg_tables "
                        + "where schemaname not in ('pg_catalog', 'information_schema') order by 1\" "
                        + "| psql -X -At -v ON_ERROR_STOP=1 -U \"$u\" -d \"$db\" || exit 1; done")));
    }

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    private static EngineSpec mysql() {
        return mysqlFamily("mysql", "MySQL", "mysql", "MYSQL", EngineCatalog::mysqlJdbc, "mysql", EngineCatalog::mysqlImagePasswordProblem,
                Duration.ofSeconds(180), "8.4",
                List.of(new EngineVersion("8.4", "8.4", MYSQL_DATA, "LTS"),
                        new EngineVersion("9", "9", MYSQL_DATA, "latest 9.x innovation release")));
    }

    private static EngineSpec mariadb() {
        return mysqlFamily("mariadb", "MariaDB", "mariadb", "MARIADB", EngineCatalog::mariadbJdbc, "mariadb", ANY_PASSWORD,
                Duration.ofSeconds(120), "11.8",
                List.of(new EngineVersion("10.11", "10.11", MYSQL_DATA, "LTS"),
                        new EngineVersion("11.8", "11.8", MYSQL_DATA, "LTS")));
    }

    /** MySQL and MariaDB share a contract; they differ in env prefix, JDBC URL and client name. */
    private static EngineSpec mysqlFamily(String id, String displayName, String repository, String envPrefix,
                                          java.util.function.Function<Endpoint, String> jdbc, String clientBinary,
                                          java.util.function.Function<String, String> passwordProblem, Duration timeout,
                                          String defaultVersion, List<EngineVersion> versions) {
        return new EngineSpec(id, displayName, repository, 3306, "root", "app",
                ProbeKind.MYSQL, timeout, defaultVersion, versions,
                (version, c) -> new ContainerRecipe(
                        Map.of(envPrefix + "_ROOT_PASSWORD_FILE", PASSWORD_FILE,
                                envPrefix + "_DATABASE", c.database()),
                        List.of(),
                        Map.of(PASSWORD_FILE, c.password())),
                new ConnectionFormats(
                        e -> ConnectionFormats.userInfoUri("mysql", e, ConnectionFormats.encode(e.credentials().database())),
                        jdbc,
                        e -> List.of(
                                envLine("DATABASE_URL", ConnectionFormats.userInfoUri("mysql", e,
                                        ConnectionFormats.encode(e.credentials().database()))),
                                envLine("MYSQL_HOST", e.host()),
                                envLine("MYSQL_TCP_PORT", String.valueOf(e.port())),
                                envLine("MYSQL_USER", e.credentials().user()),
                                envLine("MYSQL_PWD", e.credentials().password()),
                                envLine("MYSQL_DATABASE", e.credentials().database()))),
                // The password comes from the secret file, so it never shows in `docker exec` args.
                new ClientCommands(
                        c -> List.of("sh", "-c", "MYSQL_PWD=\"$(cat " + PASSWORD_FILE + ")\" exec " + clientBinary
                                + " -u" + shellQuote(c.user()) + " " + shellQuote(c.database())),
                        // The statement is the script's $1: a value, never part of the script's text.
                        (c, statement) -> List.of("sh", "-c", "MYSQL_PWD=\"$(cat " + PASSWORD_FILE + ")\" exec " + clientBinary
                                + " -u" + shellQuote(c.user()) + " " + shellQuote(c.database()) + " -e \"$1\"", "dbdock-shell", statement),
                        // Batch mode (input not a terminal) stops at the first error: "ERROR 1064 (42000) at line 3: ...".
                        new ScriptRunner(SQL_FILES, (c, path) -> List.of("sh", "-c", "MYSQL_PWD=\"$(cat " + PASSWORD_FILE + ")\" exec "
                                + clientBinary + " -u" + shellQuote(c.user()) + " " + shellQuote(c.database())), ScriptRunner.Feed.SQL_INPUT)),
                mysqlDump(),
                passwordProblem);
    }

    private static final java.util.function.Function<String, String> ANY_PASSWORD = password -> null;

    /** caching_sha2_password, MySQL's only login method since 9.0, refuses longer passwords. */
    static final int MYSQL_MAX_PASSWORD_BYTES = 256;

    /**
     * MySQL's official entrypoint pastes the root password into SQL and into a client option file
     * without escaping: a ' ends the SQL string (the first start fails), a \ is read as an escape
     * (root gets another password than the one given). MariaDB's escapes both. And MySQL takes at
     * most 256 bytes (the first start fails on "ALTER USER failed").
     */
    static String mysqlImagePasswordProblem(String password) {
        if (password.indexOf('\'') >= 0 || password.indexOf('\\') >= 0) {
            return "MySQL's official image cannot take a password with ' or \\ in it (its first start breaks on them). "
                    + "Choose a password without those two characters, or leave it out and dbdock generates one.";
        }
        int bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MYSQL_MAX_PASSWORD_BYTES) {
            return "MySQL takes passwords of at most " + MYSQL_MAX_PASSWORD_BYTES + " bytes; this one has " + bytes
                    + ". Choose a shorter one, or leave it out and dbdock generates one.";
        }
        return null;
    }

    /**
     * The users' databases only (not the mysql schema, whose layout changes between versions): a
     * fresh instance already has its root user and password. mariadb-dump where the image has it
     * (MariaDB 11 images no longer ship the mysql* names), mysqldump otherwise.
     */
    private static DumpSpec mysqlDump() {
        String setup = "export MYSQL_PWD=\"$(cat " + PASSWORD_FILE + ")\"; "
                + "if command -v mariadb >/dev/null 2>&1; then cli=mariadb; dump=mariadb-dump; else cli=mysql; dump=mysqldump; fi; ";
        return new DumpSpec("sql", "mysqldump or mariadb-dump",
                c -> sh(setup + "dbs=$($cli -u" + shellQuote(c.user()) + " -N -B -e \"SELECT schema_name FROM information_schema.schemata "
                        + "WHERE schema_name NOT IN ('mysql','information_schema','performance_schema','sys')\") || exit 1; "
                        + "IFS='\n'; set -f; exec $dump -u" + shellQuote(c.user())
                        + " --single-transaction --routines --events --triggers --hex-blob --databases $dbs"),
                DumpSpec.Load.stream(c -> sh(setup + "exec $cli -u" + shellQuote(c.user()))),
                List.of("-- MySQL dump", "-- MariaDB dump", "/*M!999999\\- enable the sandbox mode */"),
                DumpSpec.Ending.closingLine("-- Dump completed"),
                (c, error) -> false,
                // Neither official image lets root in without its password (not even through the socket):
                // the server starts once with an init file that sets root's password, the engines' own
                // documented recovery. root@'%' is the account clients use over TCP.
                Optional.of(new PasswordRepair.StartWithInitFile(MYSQL_INIT_FILE, c -> mysqlPasswordStatements(c.password()),
                        List.of("--init-file=" + MYSQL_INIT_FILE))),
                // Exact row counts of the users' tables (CHAR(96) is a backquote, kept out of the shell).
                Optional.of(c -> sh(setup + "$cli -u" + shellQuote(c.user()) + " -N -B -e \"SELECT CONCAT('SELECT ''', "
                        + "table_schema, '.', table_name, ''', COUNT(*) FROM ', CHAR(96), table_schema, CHAR(96), '.', CHAR(96), "
                        + "table_name, CHAR(96), ';') FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND "
                        + "table_schema NOT IN ('mysql','information_schema','performance_schema','sys') ORDER BY 1\" "
                        + "| $cli -u" + shellQuote(c.user()) + " -N -B")));
    }

    private static final String MYSQL_INIT_FILE = SECRET_DIR + "/set-password.sql";

    /**
     * Sets root's password, over TCP and on the socket, from a string literal that means the
     * password exactly: backslash escapes on (they are the default, but a configured sql_mode may
     * turn them off), \ and ' escaped, UTF-8 as the clients send it.
     */
    static String mysqlPasswordStatements(String password) {
        String literal = "'" + password.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return String.join("\n",
                "SET NAMES utf8mb4;",
                "SET @@SESSION.sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '');",
                "ALTER USER IF EXISTS 'root'@'%' IDENTIFIED BY " + literal + ";",
                "ALTER USER IF EXISTS 'root'@'localhost' IDENTIFIED BY " + literal + ";",
                "");
    }

    /**
     * MySQL Connector/J decodes percent-encoded values. caching_sha2_password over plain TCP needs
     * the server's RSA key (MySQL 8.4+), hence allowPublicKeyRetrieval.
     */
    static String mysqlJdbc(Endpoint e) {
        return "jdbc:mysql://" + e.uriHost() + ":" + e.port() + "/" + ConnectionFormats.encode(e.credentials().database())
                + "?user=" + ConnectionFormats.encode(e.credentials().user())
                + "&password=" + ConnectionFormats.encode(e.credentials().password())
                + "&allowPublicKeyRetrieval=true&useSSL=false";
    }

    /**
     * MariaDB Connector/J takes URL values as they are (no percent-decoding) and cannot carry an
     * '&' in a value: such a password is left out, to be given as the "password" property.
     */
    static String mariadbJdbc(Endpoint e) {
        String password = e.credentials().password();
        return "jdbc:mariadb://" + e.uriHost() + ":" + e.port() + "/" + e.credentials().database()
                + "?user=" + e.credentials().user()
                + (password.contains("&") || password.contains("#") ? "" : "&password=" + password);
    }

    private static EngineSpec mongo() {
        return new EngineSpec("mongo", "MongoDB", "mongo", 27017, "root", "admin",
                ProbeKind.MONGO, Duration.ofSeconds(90), "8.0",
                List.of(new EngineVersion("7.0", "/data/db"), new EngineVersion("8.0", "/data/db")),
                // The entrypoint reads *_FILE after dropping to uid 999: dbdock copies secrets world-readable
                // into the container (only the container sees them), so that works.
                (version, c) -> new ContainerRecipe(
                        Map.of("MONGO_INITDB_ROOT_USERNAME", c.user(),
                                "MONGO_INITDB_ROOT_PASSWORD_FILE", PASSWORD_FILE),
                        List.of(),
                        Map.of(PASSWORD_FILE, c.password(), MONGO_TOOLS_CONFIG, mongoToolsConfig(c.password()))),
                new ConnectionFormats(
                        e -> ConnectionFormats.userInfoUri("mongodb", e,
                                ConnectionFormats.encode(e.credentials().database()) + "?authSource=admin"),
                        null,
                        e -> List.of(envLine("MONGODB_URI", ConnectionFormats.userInfoUri("mongodb", e,
                                ConnectionFormats.encode(e.credentials().database()) + "?authSource=admin")))),
                // mongosh takes a password only as an argument or at a prompt: it logs in from a script
                // that reads the password file instead, then stays interactive (--shell).
                new ClientCommands(c -> List.of("mongosh", "--quiet", "--shell", "--eval", mongoLogin(c) + "undefined"),
                        (c, statement) -> List.of("mongosh", "--quiet", "--eval", mongoLogin(c) + "\n" + statement),
                        // load() runs the file in the logged-in shell; an error ends mongosh with a non-zero status.
                        new ScriptRunner(List.of(".js"), (c, path) -> List.of("mongosh", "--quiet", "--eval",
                                mongoLogin(c) + "\nload(" + jsString(path) + ");"), ScriptRunner.Feed.COPIED_FILE)),
                mongoDump(),
                ANY_PASSWORD);
    }

    /** mongosh logs in from a script that reads the password file, then opens the instance's database. */
    private static String mongoLogin(Credentials c) {
        return "db = db.getSiblingDB('admin'); db.auth(" + jsString(c.user()) + ", require('fs').readFileSync('"
                + PASSWORD_FILE + "', 'utf8')); db = db.getSiblingDB(" + jsString(c.database()) + "); ";
    }

    /** The database tools read the password from a YAML file (--config), never from their arguments. */
    private static final String MONGO_TOOLS_CONFIG = SECRET_DIR + "/mongo-tools.yaml";

    static String mongoToolsConfig(String password) {
        return "# Written by dbdock: the password for mongodump and mongorestore (--config), off their command line.\n"
                + "password: " + doubleQuoted(password) + "\n";
    }

    /** mongodump's archive format; mongorestore --drop replaces collections that exist. */
    private static DumpSpec mongoDump() {
        String auth = " --authenticationDatabase admin --username \"$U\" --config " + MONGO_TOOLS_CONFIG;
        return new DumpSpec("archive", "mongodump and mongorestore",
                c -> sh("U=" + shellQuote(c.user()) + "; exec mongodump --quiet --archive" + auth),
                DumpSpec.Load.stream(c -> sh("U=" + shellQuote(c.user()) + "; exec mongorestore --quiet --drop --archive" + auth)),
                List.of("\u0081\u0099\u00e2\u006d"),
                DumpSpec.Ending.any(),
                (c, error) -> false,
                Optional.empty(),
                Optional.empty());
    }

    private static EngineSpec redis() {
        return redisFamily("redis", "Redis", "redis", "redis", "8",
                List.of(new EngineVersion("7.2", "7.2", "/data", "can switch to Valkey"),
                        new EngineVersion("7.4", "7.4", "/data", ""),
                        new EngineVersion("8", "8", "/data", "latest 8.x")));
    }

    /** Valkey, the BSD-licensed fork of Redis 7.2: the same protocol, config file and RDB snapshots. */
    private static EngineSpec valkey() {
        return redisFamily("valkey", "Valkey", "valkey/valkey", "valkey", "9",
                List.of(new EngineVersion("8", "8", "/data", "latest 8.x"),
                        new EngineVersion("9", "9", "/data", "latest 9.x")));
    }

    /**
     * Valkey forked Redis 7.2 and reads its snapshots (RDB format 11 and older). Redis 7.4 and 8
     * write format 12 and newer, which Valkey refuses: their data has no correct way across
     * (a backup is the same snapshot, and per-key DUMP payloads carry the same version).
     */
    private static EngineSwitch redisToValkey() {
        return new EngineSwitch("redis", "valkey", List.of("7.2"),
                "Redis 7.4 and 8 keep their data in a newer format (RDB 12 and later) that Valkey cannot read, "
                        + "so its data cannot move to Valkey. Keep it on Redis, or create a Valkey instance and fill it "
                        + "from your application.",
                head -> rdbVersion(head).filter(v -> v > VALKEY_READS_RDB && v < VALKEY_OWN_RDB)
                        .map(v -> "its data is in Redis' snapshot format " + v + " (Redis 7.4 and later), which Valkey "
                                + "cannot read; Valkey reads up to format " + VALKEY_READS_RDB + " (Redis 7.2)"));
    }

    /** The newest Redis snapshot format Valkey reads, and where Valkey's own numbering starts. */
    private static final int VALKEY_READS_RDB = 11;
    private static final int VALKEY_OWN_RDB = 80;

    /** The format version of an RDB snapshot from its header ("REDIS0011" is 11), if the bytes are one. */
    static Optional<Integer> rdbVersion(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 9), java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = Pattern.compile("REDIS(\\d{4})").matcher(start);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /**
     * Redis and Valkey share a contract; they differ in image and in the names of their server and
     * client ({@code program}-server, {@code program}-cli). Both clients read the password from
     * REDISCLI_AUTH (valkey-cli also from VALKEYCLI_AUTH).
     */
    private static EngineSpec redisFamily(String id, String displayName, String repository, String program,
                                          String defaultVersion, List<EngineVersion> versions) {
        String config = SECRET_DIR + "/" + program + ".conf";
        String cli = program + "-cli";
        String auth = "REDISCLI_AUTH=\"$(cat " + PASSWORD_FILE + ")\" VALKEYCLI_AUTH=\"$(cat " + PASSWORD_FILE + ")\"";
        return new EngineSpec(id, displayName, repository, 6379, "default", "0",
                ProbeKind.REDIS, Duration.ofSeconds(60), defaultVersion, versions,
                // No password variable is read: a config file with requirepass keeps it off the command line.
                (version, c) -> new ContainerRecipe(
                        Map.of(),
                        List.of(program + "-server", config),
                        Map.of(config, redisConfig(c.password()), PASSWORD_FILE, c.password())),
                new ConnectionFormats(
                        e -> ConnectionFormats.userInfoUri("redis", e, e.credentials().database()),
                        null,
                        e -> List.of(envLine("REDIS_URL", ConnectionFormats.userInfoUri("redis", e, e.credentials().database())))),
                new ClientCommands(c -> List.of("sh", "-c", auth + " exec " + cli),
                        // The client reads a command line from its input as it would from a terminal (quotes and all).
                        (c, statement) -> List.of("sh", "-c", "printf '%s\\n' \"$1\" | " + auth + " " + cli + " --no-auth-warning",
                                "dbdock-shell", statement),
                        // --no-raw marks error replies "(error) ..." even off a terminal (values are quoted), and the
                        // ECHOed line numbers say which line an error belongs to: the client goes on after an error.
                        new ScriptRunner(List.of(), (c, path) -> List.of("sh", "-c", auth + " exec " + cli
                                + " --no-auth-warning --no-raw"), ScriptRunner.Feed.COMMAND_LINES)),
                redisDump(cli),
                ANY_PASSWORD);
    }

    /**
     * An RDB snapshot: BGSAVE, then the file it wrote. A fresh
     * instance loads it only with append-only off (Redis 7+ ignores dump.rdb when it starts in
     * append-only mode); switching append-only on afterwards writes the data into a new AOF.
     */
    private static DumpSpec redisDump(String cli) {
        String auth = "export REDISCLI_AUTH=\"$(cat " + PASSWORD_FILE + ")\" VALKEYCLI_AUTH=\"$(cat " + PASSWORD_FILE + ")\"; ";
        return new DumpSpec("rdb", cli,
                // BGSAVE, wait until the save counter has moved and no save is running, then send the file the
                // server wrote. The counter moves when a save starts, not when it ends: a few megabytes were still
                // being written when the file was read ("cat: /data/dump.rdb: No such file"), and an older dump.rdb
                // would have been sent as the backup. (--rdb waits out the replication delay, 5 s by default, and
                // to a pipe it leaves the transfer's end marker in the output.)
                c -> sh(auth + "r='" + cli + " --no-auth-warning'; "
                        + "saves() { $r info persistence | sed -n 's/^rdb_saves:\\([0-9]*\\).*/\\1/p'; }; "
                        // One INFO answer for both: the counter, and "-" while a save runs (or the answer lacks it).
                        + "done_saves() { $r info persistence | tr -d '\\r' | awk -F: '/^rdb_saves:/{n=$2} "
                        + "/^rdb_bgsave_in_progress:/{p=$2} END{ if (p == \"0\" && n != \"\") print n; else print \"-\" }'; }; "
                        + "n=$(saves); [ -n \"$n\" ] || exit 1; $r bgsave schedule >&2 || exit 1; "
                        // An answer without the counter (the client failed for a moment) is "not yet", never "done".
                        + "i=0; while s=$(done_saves); [ \"$s\" = - ] || [ \"$s\" = \"$n\" ]; do "
                        + "i=$((i+1)); [ $i -lt 36000 ] || { echo 'BGSAVE did not finish in 30 minutes' >&2; exit 1; }; sleep 0.05; done; "
                        + "$r info persistence | grep -q 'rdb_last_bgsave_status:ok' || { echo 'BGSAVE failed' >&2; exit 1; }; "
                        + "exec cat \"$($r config get dir | sed -n 2p)/$($r config get dbfilename | sed -n 2p)\""),
                DumpSpec.Load.dataFile("dump.rdb", List.of("--appendonly", "no"),
                        sh(auth + cli + " --no-auth-warning config set appendonly yes >/dev/null || exit 1; "
                                + "while " + cli + " --no-auth-warning info persistence | grep -qE 'aof_rewrite_(in_progress|scheduled):1'; "
                                + "do sleep 0.1; done; "
                                + cli + " --no-auth-warning info persistence | grep -q 'aof_last_bgrewrite_status:ok'")),
                // Redis writes "REDIS" and its RDB version; Valkey 9 writes "VALKEY" for its own RDB versions.
                List.of("REDIS", "VALKEY"),
                DumpSpec.Ending.rdb(),
                (c, error) -> false,
                Optional.empty(),
                Optional.of(c -> sh(auth + cli + " --no-auth-warning info keyspace "
                        + "| sed -n 's/^\\(db[0-9]*\\):keys=\\([0-9]*\\).*/\\1 \\2/p'")));
    }

    /** A redis.conf that asks for the password and keeps data in /data (append-only for durability). */
    static String redisConfig(String password) {
        String quoted = doubleQuoted(password);
        return String.join("\n",
                "# Written by dbdock. The password is here, not on the command line, so docker inspect cannot show it.",
                "bind * -::*",
                "protected-mode no",
                "port 6379",
                "dir /data",
                "appendonly yes",
                "requirepass " + quoted,
                "");
    }

    private static final Pattern PLAIN_ENV_VALUE = Pattern.compile("[A-Za-z0-9_./:@%+=,~-]*");

    /**
     * KEY=value for a .env file; values with other characters are double-quoted, with the four
     * characters a shell still treats specially inside double quotes (\\ " $ `) escaped, so
     * {@code . ./file.env} gives back the value exactly and never runs part of it.
     */
    static String envLine(String key, String value) {
        if (PLAIN_ENV_VALUE.matcher(value).matches()) {
            return key + "=" + value;
        }
        return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("`", "\\`") + "\"";
    }

    /** A double-quoted string for YAML or JavaScript: the password's backslashes and quotes escaped (it holds no control characters). */
    static String doubleQuoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String jsString(String value) {
        return doubleQuoted(value);
    }

    /** Single-quotes a word for sh. */
    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Engine id and version pairs, e.g. for listing. */
    public List<String> versionIds() {
        List<String> ids = new ArrayList<>();
        engines.values().forEach(e -> e.versions().forEach(v -> ids.add(e.id() + ":" + v.version())));
        return ids;
    }
}

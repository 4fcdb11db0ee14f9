package io.dbdock.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One database engine as data. The few engine quirks are small functions (hooks), so adding an
 * engine or a version is one entry in {@link EngineCatalog}.
 *
 * @param id             stable identifier used on the command line and in labels ("postgres")
 * @param displayName    what users read ("PostgreSQL")
 * @param repository     the official image repository
 * @param containerPort  the port the server listens on inside the container
 * @param defaultUser    the administrative user dbdock creates
 * @param defaultDatabase the database a client opens first
 * @param probe          how readiness is proven
 * @param readyTimeout   how long a start may take before the instance counts as unhealthy
 * @param defaultVersion the version used when none is given
 * @param versions       offered versions, oldest first
 * @param recipe         env, command and secret files for a version and credentials
 * @param formats        connection strings for an endpoint
 * @param client         the engine's client run inside the container (shell, one statement)
 * @param dump           backups, restores and the password inside the data
 * @param passwordProblem why the official image cannot take a password at its first start, or
 *                       null when it can (dbdock never hands an image one it would break on)
 * @param variants       the variants offered on top of this engine (see {@link EngineVariant})
 * @param variant        which variant this spec is, or null for the plain engine: a variant's
 *                       spec has the variant's repository, tags and versions and is otherwise the
 *                       base engine's (see {@link #withVariant})
 */
public record EngineSpec(
        String id,
        String displayName,
        String repository,
        int containerPort,
        String defaultUser,
        String defaultDatabase,
        ProbeKind probe,
        Duration readyTimeout,
        String defaultVersion,
        List<EngineVersion> versions,
        BiFunction<EngineVersion, Credentials, ContainerRecipe> recipe,
        ConnectionFormats formats,
        ClientCommands client,
        DumpSpec dump,
        Function<String, String> passwordProblem,
        List<EngineVariant> variants,
        EngineVariant variant) {

    /** A plain engine without variants. */
    public EngineSpec(String id, String displayName, String repository, int containerPort, String defaultUser,
                      String defaultDatabase, ProbeKind probe, Duration readyTimeout, String defaultVersion,
                      List<EngineVersion> versions, BiFunction<EngineVersion, Credentials, ContainerRecipe> recipe,
                      ConnectionFormats formats, ClientCommands client, DumpSpec dump, Function<String, String> passwordProblem) {
        this(id, displayName, repository, containerPort, defaultUser, defaultDatabase, probe, readyTimeout, defaultVersion,
                versions, recipe, formats, client, dump, passwordProblem, List.of(), null);
    }

    public EngineSpec {
        versions = List.copyOf(versions);
        variants = List.copyOf(variants);
        if (versions.stream().noneMatch(v -> v.version().equals(defaultVersion))) {
            throw new IllegalArgumentException(id + ": default version " + defaultVersion + " is not offered");
        }
    }

    /** The same engine plus the variant's extensions: the variant's image, only the versions it is published for. */
    public EngineSpec withVariant(EngineVariant v) {
        List<EngineVersion> offered = versions.stream().filter(x -> v.tags().containsKey(x.version()))
                .map(x -> new EngineVersion(x.version(), v.tag(x.version()).orElseThrow(), x.dataMount(), x.note())).toList();
        String newest = offered.isEmpty() ? defaultVersion : offered.get(offered.size() - 1).version();
        String preferred = offered.stream().anyMatch(x -> x.version().equals(defaultVersion)) ? defaultVersion : newest;
        return new EngineSpec(id, displayName, v.repository(), containerPort, defaultUser, defaultDatabase, probe, readyTimeout,
                preferred, offered, recipe, formats, client, dump, passwordProblem, List.of(), v);
    }

    public Optional<EngineVariant> variant(String variantId) {
        return variants.stream().filter(v -> v.id().equalsIgnoreCase(variantId == null ? "" : variantId.trim())).findFirst();
    }

    /** The variant a set of chosen extensions leads to (in any order), if one image has them all. */
    public Optional<EngineVariant> variantFor(java.util.Collection<String> chosen) {
        java.util.Set<String> wanted = chosen.stream().map(c -> c.trim().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        return variants.stream().filter(v -> java.util.Set.copyOf(v.choices()).equals(wanted)).findFirst();
    }

    /** The extensions users can choose from, each once, in catalog order ("pgvector", "postgis", "timescaledb"). */
    public List<String> variantChoices() {
        return variants.stream().flatMap(v -> v.choices().stream()).distinct().toList();
    }

    /** The one-line purpose of a choice: that of the variant made of it alone. */
    public Optional<EngineVariant> variantOfChoice(String choice) {
        return variants.stream().filter(v -> v.choices().equals(List.of(choice))).findFirst();
    }

    /** "PostgreSQL with pgvector", or the engine's name for the plain engine. */
    public String fullName() {
        return variant == null ? displayName : displayName + " with " + variant.displayName();
    }

    /** "PostgreSQL + pgvector" where space is short (a list's column, a menu), or the engine's name. */
    public String shortName() {
        return variant == null ? displayName : displayName + " + " + variant.displayName();
    }

    /** "postgres" or "postgres+pgvector", written as an instance's engine is (see {@code InstanceRecord.engineWithVariant}). */
    public String writtenId() {
        return io.dbdock.model.InstanceRecord.engineWithVariant(id, variantId());
    }

    /** The spec of each of its variants, in catalog order. */
    public List<EngineSpec> variantSpecs() {
        return variants.stream().map(this::withVariant).toList();
    }

    /** The variant's id, or null for the plain engine. */
    public String variantId() {
        return variant == null ? null : variant.id();
    }

    public Optional<EngineVersion> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /**
     * The version a wish names, as a project file writes it: an offered version exactly ("8.4"),
     * or a major ("17", "8.x", "8.*") as the newest offered version of that major. Null: the
     * default. Empty when nothing offered matches.
     */
    public Optional<EngineVersion> versionFor(String wish) {
        if (wish == null) {
            return Optional.of(defaultEngineVersion());
        }
        Optional<EngineVersion> exact = version(wish);
        if (exact.isPresent()) {
            return exact;
        }
        String major = wish.endsWith(".x") || wish.endsWith(".*") ? wish.substring(0, wish.length() - 2) : wish;
        if (major.isEmpty() || major.contains(".")) {
            return Optional.empty();
        }
        // Versions are listed oldest first: the last match is the newest.
        EngineVersion newest = null;
        for (EngineVersion v : versions) {
            if (v.version().equals(major) || v.version().startsWith(major + ".")) {
                newest = v;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** How a project's init files run in this engine's container. */
    public ScriptRunner scriptRunner() {
        return client.script();
    }

    public EngineVersion defaultEngineVersion() {
        return version(defaultVersion).orElseThrow();
    }

    public ContainerRecipe recipeFor(EngineVersion version, Credentials credentials) {
        return recipe.apply(version, credentials);
    }

    /** Why this engine's image cannot be given this password, or null when it can. */
    public String imagePasswordProblem(String password) {
        return passwordProblem.apply(password);
    }

    public List<String> clientCommand(Credentials credentials) {
        return client.interactive().apply(credentials);
    }

    /** The client running one statement and exiting with its status (the statement is one argument, never re-parsed by a shell). */
    public List<String> statementCommand(Credentials credentials, String statement) {
        return client.statement().apply(credentials, statement);
    }
}

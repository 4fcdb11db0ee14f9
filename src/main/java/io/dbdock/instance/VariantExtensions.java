package io.dbdock.instance;

import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVariant;
import io.dbdock.model.InstanceRecord;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The extensions of an instance's variant: created once the server is Ready (the instance's
 * database after a create, every restored database after a restore or upgrade), and checked
 * against what a dump needs before a restore changes anything. Variants are PostgreSQL's, so the
 * statements are PostgreSQL's.
 */
final class VariantExtensions {
    private final DockerGateway docker;

    VariantExtensions(DockerGateway docker) {
        this.docker = docker;
    }

    /**
     * Creates the variant's extensions (IF NOT EXISTS: the image may have made them already) in
     * the instance's database, or with {@code everyDatabase} in each database that allows
     * connections and is no template. Empty when done or when there is no
     * variant; otherwise what the server said.
     */
    Optional<String> enable(InstanceRecord r, EngineSpec engine, boolean everyDatabase) {
        EngineVariant variant = engine.variant();
        if (variant == null || variant.enable().isEmpty()) {
            return Optional.empty();
        }
        String statements = variant.enable().stream().map(e -> "CREATE EXTENSION IF NOT EXISTS \"" + e + "\" CASCADE;")
                .collect(Collectors.joining(" "));
        // The database names come from the server, the statements from the catalog: neither from the user.
        String databases = everyDatabase
                ? "psql -X -At -U \"$u\" -d \"$d\" -c 'select datname from pg_database where datallowconn and not datistemplate'"
                : "printf '%s\\n' \"$d\"";
        String script = "u=\"$1\"; d=\"$2\"; " + databases + " | while IFS= read -r db; do "
                + "psql -X -q -v ON_ERROR_STOP=1 -U \"$u\" -d \"$db\" -c \"$3\" || exit 1; done";
        List<String> errors = new ArrayList<>();
        var result = docker.exec(r.containerName(), List.of("sh", "-c", script, "dbdock-extensions", r.user(), r.database(), statements),
                Map.of(), null, new ByteArrayOutputStream(), errors::add);
        if (result.exitCode() == 0) {
            return Optional.empty();
        }
        String said = errors.stream().filter(l -> !l.isBlank()).findFirst().orElse("exit code " + result.exitCode());
        return Optional.of("could not create " + String.join(", ", variant.enable()) + " in '" + r.name() + "': " + said);
    }

    /** The extensions a dump uses that only a variant's image has (pgcrypto, say, is in every PostgreSQL image). */
    static Set<String> variantOnly(EngineSpec base, Set<String> used) {
        Set<String> all = base.variants().stream().flatMap(v -> v.provides().stream()).collect(Collectors.toSet());
        return used.stream().filter(all::contains).sorted().collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The first variant whose image has every extension the dump needs; empty when the plain engine will do or none has them all. */
    static Optional<EngineVariant> variantFor(EngineSpec base, Set<String> used) {
        Set<String> needed = variantOnly(base, used);
        if (needed.isEmpty()) {
            return Optional.empty();
        }
        return base.variants().stream().filter(v -> v.provides().containsAll(needed)).findFirst();
    }

    /**
     * Why a dump cannot go into an instance of {@code target}: an extension it uses is not in the
     * instance's image. Null when it can.
     */
    static String refusal(EngineSpec base, EngineSpec target, Set<String> used, String fileName, String instanceName) {
        Set<String> needed = variantOnly(base, used);
        List<String> has = target.variant() == null ? List.of() : target.variant().provides();
        List<String> missing = needed.stream().filter(e -> !has.contains(e)).toList();
        if (missing.isEmpty()) {
            return null;
        }
        // The variants of one extension each name it best ("pgvector or TimescaleDB"); combinations only when nothing else fits.
        List<EngineVariant> all = base.variants().stream().filter(v -> v.provides().containsAll(needed)).toList();
        List<EngineVariant> single = all.stream().filter(v -> v.choices().size() == 1).toList();
        List<String> fitting = (single.isEmpty() ? all : single).stream().map(EngineVariant::displayName).toList();
        if (fitting.isEmpty()) {
            return fileName + " uses the extensions " + String.join(", ", needed) + ", and no " + base.displayName()
                    + " variant dbdock offers has all of them. Nothing was changed.";
        }
        String is = target.variant() == null ? "plain " + base.displayName() : target.fullName();
        return "'" + instanceName + "' (" + is + ") does not have the extension" + (missing.size() > 1 ? "s " : " ")
                + String.join(", ", missing) + " that " + fileName + " uses. Restore it into an instance of " + base.displayName()
                + " with " + String.join(" or ", fitting) + ", or make a new instance from this backup. Nothing was changed.";
    }

    /** The versions the instance runs of its variant's pinned extensions (see {@code EngineVariant.pinned}), by name. */
    Map<String, String> pinnedVersions(InstanceRecord r, EngineSpec engine) {
        EngineVariant variant = engine.variant();
        if (variant == null || variant.pinned().isEmpty()) {
            return Map.of();
        }
        String list = variant.pinned().stream().map(e -> "'" + e + "'").collect(Collectors.joining(", "));
        String answer = query(r, "select extname || '=' || extversion from pg_extension where extname in (" + list + ")");
        Map<String, String> versions = new java.util.TreeMap<>();
        answer.lines().map(String::strip).filter(l -> l.contains("=")).forEach(l -> versions.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return versions;
    }

    /**
     * Why the (running, still empty) instance cannot take a dump of those extension versions: its
     * image has other ones. Null when it has them all.
     */
    String pinnedProblem(InstanceRecord next, EngineSpec engine, Map<String, String> versions, String fromVersion) {
        for (Map.Entry<String, String> e : versions.entrySet()) {
            String has = query(next, "select count(*) from pg_available_extension_versions where name = '" + e.getKey()
                    + "' and version = '" + e.getValue().replace("'", "") + "'").strip();
            if (!"1".equals(has)) {
                String offered = query(next, "select default_version from pg_available_extensions where name = '" + e.getKey() + "'").strip();
                return pinnedMessage(next.name(), e.getKey(), e.getValue(), engine, next.version(), offered, fromVersion);
            }
        }
        return null;
    }

    /**
     * The same question asked of the image itself, before anything is replaced: a short-lived
     * container of it lists the extensions' install scripts (EXT--VERSION.sql under
     * /usr/share/postgresql/MAJOR/extension, where the official images and Debian's packages put
     * them; PostgreSQL offers a version that has one). Null when it has them all.
     */
    String pinnedProblemInImage(String image, InstanceRecord r, EngineSpec engine, String toVersion, Map<String, String> versions,
                                String fromVersion) {
        if (versions.isEmpty()) {
            return null;
        }
        String listing = docker.helperOutput(image, List.of(), List.of("sh", "-c", "ls /usr/share/postgresql/*/extension/"),
                Map.of(io.dbdock.docker.Labels.MANAGED, "true", io.dbdock.docker.Labels.ROLE, "helper"));
        for (Map.Entry<String, String> e : versions.entrySet()) {
            List<String> installable = installableVersions(listing, e.getKey());
            if (!installable.contains(e.getValue())) {
                String offered = installable.isEmpty() ? "" : installable.get(installable.size() - 1);
                return pinnedMessage(r.name(), e.getKey(), e.getValue(), engine, toVersion, offered, fromVersion);
            }
        }
        return null;
    }

    /** The versions of an extension a listing of the extension folder has install scripts for, oldest first. */
    static List<String> installableVersions(String listing, String extension) {
        String prefix = extension + "--";
        return listing.lines().map(String::strip).filter(f -> f.startsWith(prefix) && f.endsWith(".sql"))
                .map(f -> f.substring(prefix.length(), f.length() - ".sql".length()))
                .filter(v -> !v.isEmpty() && !v.contains("--")) // EXT--A--B.sql updates from A to B: it installs nothing
                .sorted(VariantExtensions::compareVersions).toList();
    }

    /** Release numbers compared part by part, numerically where both parts are numbers (2.9 before 2.10). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+") ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static String pinnedMessage(String name, String extension, String running, EngineSpec engine, String toVersion,
                                        String offered, String fromVersion) {
        String target = offered.isEmpty() ? "none" : offered;
        return "'" + name + "' runs " + extension + " " + running + ", but the " + engine.shortName() + " " + toVersion
                + " image has " + target + ", and a backup moves only between the same versions of " + extension + ". Bring "
                + extension + " in '" + name + "' to " + target + " first (a newer " + engine.shortName() + " " + fromVersion
                + " image, then ALTER EXTENSION " + extension + " UPDATE), then upgrade. Nothing was changed.";
    }

    /** One query's rows, unaligned, from the instance's database through its own client. */
    private String query(InstanceRecord r, String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> errors = new ArrayList<>();
        var result = docker.exec(r.containerName(), List.of("psql", "-X", "-At", "-U", r.user(), "-d", r.database(), "-c", sql),
                Map.of(), null, out, errors::add);
        if (result.exitCode() != 0) {
            throw io.dbdock.common.UserFacingException.failed("Could not ask '" + r.name() + "' for its extensions: "
                    + errors.stream().filter(l -> !l.isBlank()).findFirst().orElse("exit code " + result.exitCode()), null);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}

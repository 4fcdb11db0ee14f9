package io.dbdock.docker;

import io.dbdock.common.JsonValues;
import io.dbdock.common.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The docker CLI's own contexts, read from its store (so nobody describes an engine twice):
 * {@code contexts/meta/<sha256 of the name>/meta.json} holds a context's name, description and
 * engine address; {@code contexts/tls/<same>/docker/} its TLS material (ca.pem, cert.pem, key.pem,
 * the names docker-java expects too). The "default" context is the engine DOCKER_HOST names, else
 * the platform's socket. The current one is DOCKER_CONTEXT, else config.json's currentContext.
 */
public final class DockerContexts {
    public static final String DEFAULT = "default";

    /**
     * One context.
     *
     * @param tlsDir the folder of its TLS material, or null when it has none
     * @param problem why it cannot be used as written (an unreadable meta.json), or null
     */
    public record Context(String name, String description, String host, Path tlsDir, String problem) {
        public boolean tls() {
            return tlsDir != null;
        }

        /** The address to connect to, with the context named as where it came from. */
        public DockerEndpoints.Candidate candidate() {
            return candidate("docker context '" + name + "'");
        }

        DockerEndpoints.Candidate candidate(String source) {
            return new DockerEndpoints.Candidate(host, source, tlsDir, name);
        }
    }

    /** All contexts, the default first and the others by name, and which one is current. */
    public record Store(List<Context> contexts, String current) {
        public Optional<Context> find(String name) {
            return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    private DockerContexts() {
    }

    public static Store read() {
        return read(io.dbdock.model.EngineChoice.ENVIRONMENT);
    }

    /** With the context chosen for this run as the current one. */
    public static Store read(io.dbdock.model.EngineChoice choice) {
        return read(DockerEndpoints.environment(choice), Path.of(System.getProperty("user.home")), Platform.current(), Files::exists);
    }

    static Store read(Map<String, String> env, Path home, Platform platform, java.util.function.Predicate<Path> exists) {
        Path configDir = configDir(env, home);
        List<Context> contexts = new ArrayList<>();
        contexts.add(defaultContext(env, home, platform, exists));
        contexts.addAll(namedContexts(configDir));
        return new Store(List.copyOf(contexts), current(env, configDir));
    }

    /** The contexts' names, "default" first: what an unknown name is compared with. */
    static List<String> names(Path configDir) {
        List<String> names = new ArrayList<>(List.of(DEFAULT));
        namedContexts(configDir).forEach(c -> names.add(c.name()));
        return names;
    }

    /** Every context in the store but the default one, by name. */
    private static List<Context> namedContexts(Path configDir) {
        Path meta = configDir.resolve("contexts").resolve("meta");
        List<Context> named = new ArrayList<>();
        if (Files.isDirectory(meta)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(meta)) {
                for (Path dir : dirs) {
                    Path file = dir.resolve("meta.json");
                    if (Files.isRegularFile(file)) {
                        named.add(readContext(configDir, dir.getFileName().toString(), file));
                    }
                }
            } catch (IOException e) {
                // An unreadable store lists the default context only; connecting says what is wrong.
            }
        }
        named.sort(Comparator.comparing(Context::name));
        return named;
    }

    /**
     * The one named context (not "default"), read from its own folder: what connecting needs on
     * every command, without reading the whole store.
     */
    static Optional<Context> named(Path configDir, String name) {
        String digest = digest(name);
        Path file = configDir.resolve("contexts").resolve("meta").resolve(digest).resolve("meta.json");
        return Files.isRegularFile(file) ? Optional.of(readContext(configDir, digest, file)) : Optional.empty();
    }

    /** The docker CLI keeps a context's files under the SHA-256 of its name, in hex. */
    private static String digest(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static Path configDir(Map<String, String> env, Path home) {
        String dir = env.get("DOCKER_CONFIG");
        return dir != null && !dir.isBlank() ? Path.of(dir) : home.resolve(".docker");
    }

    /** DOCKER_CONTEXT, else config.json's currentContext, else the default. */
    static String current(Map<String, String> env, Path configDir) {
        String context = env.get("DOCKER_CONTEXT");
        if (context != null && !context.isBlank()) {
            return context.trim();
        }
        Path config = configDir.resolve("config.json");
        if (Files.isRegularFile(config)) {
            try {
                String named = JsonValues.object(config).text("currentContext", "");
                if (!named.isBlank()) {
                    return named;
                }
            } catch (IOException e) {
                // As the docker CLI does with a broken config: the default engine.
            }
        }
        return DEFAULT;
    }

    private static Context defaultContext(Map<String, String> env, Path home, Platform platform, java.util.function.Predicate<Path> exists) {
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return new Context(DEFAULT, "DOCKER_HOST", dockerHost.trim(), envTlsDir(env, home), null);
        }
        DockerEndpoints.Candidate present = DockerEndpoints.presentSockets(env, home, platform, exists).get(0);
        return new Context(DEFAULT, "this computer's engine (" + present.source() + ")", present.host(), null, null);
    }

    /** DOCKER_TLS_VERIFY with DOCKER_CERT_PATH (or ~/.docker), as the docker CLI reads them. */
    static Path envTlsDir(Map<String, String> env, Path home) {
        String verify = env.get("DOCKER_TLS_VERIFY");
        if (verify == null || verify.isBlank() || verify.equals("0") || verify.equalsIgnoreCase("false")) {
            return null;
        }
        String certs = env.get("DOCKER_CERT_PATH");
        return certs != null && !certs.isBlank() ? Path.of(certs) : home.resolve(".docker");
    }

    private static Context readContext(Path configDir, String digest, Path file) {
        try {
            JsonValues.Fields meta = JsonValues.object(file);
            String name = meta.text("Name", digest);
            String description = meta.has("Metadata") ? meta.object("Metadata").text("Description", "") : "";
            String host = "";
            if (meta.has("Endpoints") && meta.object("Endpoints").has("docker")) {
                host = meta.object("Endpoints").object("docker").text("Host", "");
            }
            Path tls = configDir.resolve("contexts").resolve("tls").resolve(digest).resolve("docker");
            Path tlsDir = Files.isRegularFile(tls.resolve("ca.pem")) || Files.isRegularFile(tls.resolve("cert.pem")) ? tls : null;
            String problem = host.isBlank() ? "it names no Docker engine" : null;
            return new Context(name, description, host, tlsDir, problem);
        } catch (IOException | RuntimeException e) {
            return new Context(digest, "", "", null, "its file " + file + " cannot be read: " + e.getMessage());
        }
    }
}

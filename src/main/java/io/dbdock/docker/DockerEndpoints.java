package io.dbdock.docker;

import io.dbdock.common.JsonValues;
import io.dbdock.common.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds where the Docker engine listens, in the order the docker CLI uses: DOCKER_HOST, then
 * DOCKER_CONTEXT, then the current context of ~/.docker/config.json, then the platform's usual
 * sockets (Docker Engine, Docker Desktop, rootless Docker, Podman).
 */
public final class DockerEndpoints {

    /** One address to try, with where it came from (shown to users when nothing answers). */
    public record Candidate(String host, String source) {
    }

    private DockerEndpoints() {
    }

    public static List<Candidate> discover() {
        return discover(System.getenv(), Path.of(System.getProperty("user.home")), Platform.current(), Files::exists);
    }

    static List<Candidate> discover(Map<String, String> env, Path home, Platform platform, Predicate<Path> exists) {
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return List.of(new Candidate(dockerHost.trim(), "DOCKER_HOST"));
        }
        Path configDir = env.containsKey("DOCKER_CONFIG") ? Path.of(env.get("DOCKER_CONFIG")) : home.resolve(".docker");
        String context = env.get("DOCKER_CONTEXT");
        String contextSource = "DOCKER_CONTEXT";
        if (context == null || context.isBlank()) {
            context = currentContext(configDir);
            contextSource = "docker context (" + configDir.resolve("config.json") + ")";
        }
        if (context != null && !context.isBlank() && !context.equals("default")) {
            String host = contextHost(configDir, context);
            if (host != null) {
                return List.of(new Candidate(host, contextSource + " '" + context + "'"));
            }
        }
        List<Candidate> defaults = defaultSockets(env, home, platform);
        List<Candidate> present = new ArrayList<>();
        for (Candidate c : defaults) {
            if (c.host().startsWith("npipe:") || exists.test(Path.of(c.host().substring("unix://".length())))) {
                present.add(c);
            }
        }
        return present.isEmpty() ? List.of(defaults.get(0)) : present;
    }

    static List<Candidate> defaultSockets(Map<String, String> env, Path home, Platform platform) {
        List<Candidate> list = new ArrayList<>();
        if (platform == Platform.WINDOWS) {
            list.add(new Candidate("npipe:////./pipe/docker_engine", "default named pipe"));
            list.add(new Candidate("npipe:////./pipe/podman-machine-default", "Podman named pipe"));
            return list;
        }
        list.add(new Candidate("unix:///var/run/docker.sock", "default socket"));
        list.add(new Candidate("unix://" + home.resolve(".docker/run/docker.sock"), "Docker Desktop socket"));
        list.add(new Candidate("unix://" + home.resolve(".docker/desktop/docker.sock"), "Docker Desktop socket"));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            list.add(new Candidate("unix://" + Path.of(runtime, "docker.sock"), "rootless Docker socket"));
            list.add(new Candidate("unix://" + Path.of(runtime, "podman", "podman.sock"), "Podman socket"));
        }
        list.add(new Candidate("unix:///run/podman/podman.sock", "Podman socket"));
        return list;
    }

    private static String currentContext(Path configDir) {
        Path config = configDir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return null;
        }
        try {
            return JsonValues.object(config).text("currentContext");
        } catch (IOException e) {
            return null;
        }
    }

    /** Context metadata lives in contexts/meta/sha256(name)/meta.json. */
    private static String contextHost(Path configDir, String context) {
        try {
            String digest = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(context.getBytes(StandardCharsets.UTF_8)));
            Path meta = configDir.resolve("contexts").resolve("meta").resolve(digest).resolve("meta.json");
            if (!Files.isRegularFile(meta)) {
                return null;
            }
            String host = JsonValues.object(meta).object("Endpoints").object("docker").text("Host", "");
            return host.isBlank() ? null : host;
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}

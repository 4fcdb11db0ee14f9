package io.dbdock.docker;

import io.dbdock.common.Platform;
import io.dbdock.model.EngineChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds where the Docker engine listens, in the order the docker CLI uses: DOCKER_HOST, then
 * DOCKER_CONTEXT, then the current context of ~/.docker/config.json, then the platform's usual
 * sockets (Docker Engine, Docker Desktop, rootless Docker, Podman).
 */
public final class DockerEndpoints {

    /**
     * One address to try, with where it came from (shown to users when nothing answers).
     *
     * @param tlsDir  the folder with ca.pem, cert.pem and key.pem for a TLS endpoint, or null
     * @param context the docker context it belongs to ("default", "box"), or the address DOCKER_HOST gave
     */
    public record Candidate(String host, String source, Path tlsDir, String context) {
        /** One of this computer's own sockets: the default context. */
        public Candidate(String host, String source) {
            this(host, source, null, DockerContexts.DEFAULT);
        }
    }

    /** Set (to 1) in the environment by the user who insists on plain tcp to another machine. */
    public static final String INSECURE_TCP = "DBDOCK_INSECURE_TCP";

    private DockerEndpoints() {
    }

    public static List<Candidate> discover() {
        return discover(EngineChoice.ENVIRONMENT);
    }

    public static List<Candidate> discover(EngineChoice choice) {
        return discover(environment(choice), Path.of(System.getProperty("user.home")), Platform.current(), Files::exists,
                choice.context() != null ? "--context" : null);
    }

    /** The process's environment with the user's choice applied: a context chosen outranks DOCKER_HOST, as with docker --context. */
    static Map<String, String> environment(EngineChoice choice) {
        return environment(System.getenv(), choice);
    }

    static Map<String, String> environment(Map<String, String> env, EngineChoice choice) {
        if (choice.context() == null && !choice.insecureTcp()) {
            return env;
        }
        Map<String, String> chosen = new java.util.HashMap<>(env);
        if (choice.context() != null) {
            chosen.remove("DOCKER_HOST");
            chosen.remove("DOCKER_TLS_VERIFY");
            chosen.remove("DOCKER_CERT_PATH");
            chosen.put("DOCKER_CONTEXT", choice.context());
        }
        if (choice.insecureTcp()) {
            chosen.put(INSECURE_TCP, "1");
        }
        return chosen;
    }

    static List<Candidate> discover(Map<String, String> env, Path home, Platform platform, Predicate<Path> exists) {
        return discover(env, home, platform, exists, null);
    }

    /** {@code chosenBy}: what named the context when not the environment ("--context"), for messages; null otherwise. */
    private static List<Candidate> discover(Map<String, String> env, Path home, Platform platform, Predicate<Path> exists,
                                            String chosenBy) {
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            // The docker CLI calls this the default context too; the address tells engines apart better than that name.
            return List.of(new Candidate(dockerHost.trim(), "DOCKER_HOST", DockerContexts.envTlsDir(env, home), dockerHost.trim()));
        }
        Path configDir = DockerContexts.configDir(env, home);
        String context = DockerContexts.current(env, configDir);
        if (!context.equals(DockerContexts.DEFAULT)) {
            String source = (chosenBy != null ? chosenBy : env.containsKey("DOCKER_CONTEXT") ? "DOCKER_CONTEXT" : "docker context ("
                    + configDir.resolve("config.json") + ")") + " '" + context + "'";
            var named = DockerContexts.named(configDir, context);
            if (named.isEmpty()) {
                // As the docker CLI does: a context that is not there is an error, not a quiet switch to another engine.
                List<String> known = DockerContexts.names(configDir);
                throw new DockerUnavailableException("There is no Docker context named '" + context + "' (from " + source
                        + ")." + io.dbdock.common.Suggestions.didYouMean(context, known) + " Known contexts: "
                        + String.join(", ", known) + ".", null);
            }
            if (named.get().problem() != null) {
                throw new DockerUnavailableException("The Docker context '" + context + "' cannot be used: "
                        + named.get().problem() + ".", null);
            }
            return List.of(named.get().candidate(source));
        }
        return presentSockets(env, home, platform, exists);
    }

    /** The platform's usual sockets that exist here (the named pipes always), else the standard one alone. */
    static List<Candidate> presentSockets(Map<String, String> env, Path home, Platform platform, Predicate<Path> exists) {
        List<Candidate> defaults = defaultSockets(env, home, platform);
        List<Candidate> present = new ArrayList<>();
        for (Candidate c : defaults) {
            if (c.host().startsWith("npipe:") || exists.test(Path.of(c.host().substring("unix://".length())))) {
                present.add(c);
            }
        }
        return present.isEmpty() ? List.of(defaults.get(0)) : present;
    }

    /**
     * Why dbdock will not talk to this engine at all, or null. Plain tcp to another machine would
     * carry passwords in the clear (refused unless the user insists).
     */
    static String refusal(Candidate c, Map<String, String> env) {
        String host = c.host();
        if (plainTcpElsewhere(c) && !"1".equals(env.get(INSECURE_TCP))) {
            return "dbdock will not talk to the Docker engine at " + host + " (from " + c.source() + ") without TLS: anyone on "
                    + "the network could read the passwords it sends. Give the context TLS certificates, or allow it anyway with "
                    + INSECURE_TCP + "=1.";
        }
        return null;
    }

    /** The address of the engine this choice reaches when that is plain tcp to another machine; empty otherwise. */
    public static java.util.Optional<String> plainTcpElsewhere(EngineChoice choice) {
        try {
            Candidate c = discover(choice).get(0);
            return plainTcpElsewhere(c) ? java.util.Optional.of(c.host()) : java.util.Optional.empty();
        } catch (DockerUnavailableException unknownContext) {
            return java.util.Optional.empty(); // connecting says so
        }
    }

    /** Plain tcp (no TLS certificates) to another machine: passwords would cross the network readable. */
    private static boolean plainTcpElsewhere(Candidate c) {
        return c.host().startsWith("tcp://") && c.tlsDir() == null && !isLoopback(c.host());
    }

    /** tcp://localhost:2375, tcp://127.0.0.1:2375 or tcp://[::1]:2375. */
    static boolean isLoopback(String tcpHost) {
        String rest = tcpHost.substring("tcp://".length());
        String name = rest.startsWith("[") ? rest.substring(1, Math.max(1, rest.indexOf(']'))) : rest.split("[:/]", 2)[0];
        return name.equals("localhost") || name.startsWith("127.") || name.equals("::1");
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
}

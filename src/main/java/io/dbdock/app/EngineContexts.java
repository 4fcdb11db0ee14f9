package io.dbdock.app;

import io.dbdock.docker.DockerContexts;
import io.dbdock.docker.DockerJavaGateway;
import io.dbdock.docker.DockerUnavailableException;
import io.dbdock.model.DockerInfo;
import io.dbdock.model.EngineContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The places instances can live: every Docker context the docker CLI has, each asked at once
 * whether it answers (a few seconds at most, all in parallel, so one engine that is away costs
 * no more than its own deadline).
 */
public final class EngineContexts {
    private EngineContexts() {
    }

    public static List<EngineContext> check(io.dbdock.model.EngineChoice choice) {
        DockerContexts.Store store = DockerContexts.read(choice);
        // A thread per context: the common pool has one thread on two cores, which would ask them one after another.
        ExecutorService askers = Executors.newFixedThreadPool(store.contexts().size(), r -> {
            Thread t = new Thread(r, "dbdock-ask-engine");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<EngineContext>> asked = new ArrayList<>();
            for (DockerContexts.Context c : store.contexts()) {
                boolean current = c.name().equals(store.current());
                asked.add(CompletableFuture.supplyAsync(() -> ask(c, current), askers));
            }
            return asked.stream().map(CompletableFuture::join).toList();
        } finally {
            askers.shutdownNow();
        }
    }

    /**
     * A warning for a run that talks to an engine on another machine over plain tcp (allowed by
     * the user's --insecure-tcp): what the user accepted, said once. Empty otherwise.
     */
    public static java.util.Optional<String> insecureWarning(io.dbdock.model.EngineChoice choice) {
        return io.dbdock.docker.DockerEndpoints.plainTcpElsewhere(choice).map(host -> "the Docker engine at " + host
                + " is reached without TLS (--insecure-tcp): anyone on the network can read the passwords dbdock sends it.");
    }

    private static EngineContext ask(DockerContexts.Context c, boolean current) {
        if (c.problem() != null) {
            return new EngineContext(c.name(), c.description(), c.host(), current, c.tls(), false, "", "dbdock cannot use it: " + c.problem() + ".");
        }
        try (DockerJavaGateway engine = DockerJavaGateway.connect(List.of(c.candidate()))) {
            DockerInfo info = engine.info();
            return new EngineContext(c.name(), c.description(), c.host(), current, c.tls(), true,
                    "Docker " + info.serverVersion() + " (API " + info.apiVersion() + ")", "");
        } catch (DockerUnavailableException e) {
            return new EngineContext(c.name(), c.description(), c.host(), current, c.tls(), false, "", e.getMessage());
        }
    }
}

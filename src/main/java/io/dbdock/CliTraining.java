package io.dbdock;

import io.dbdock.cli.Terminal;

import io.dbdock.common.DataRoot;
import io.dbdock.docker.DockerEndpoints;
import io.dbdock.docker.DockerJavaGateway;
import io.dbdock.docker.DockerUnavailableException;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import io.dbdock.storage.Secrets;
import io.dbdock.store.InstanceStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The build's training run for the class-data archive of {@code target/dbdock} (the java -jar
 * path): the everyday read-only commands on a scratch data root with one made-up instance, so the
 * classes they load are archived. Docker is asked only for a list of this scratch root's
 * containers (there are none), and where it is not running that failure path is trained instead.
 * docker-java's client is built against a socket nobody serves, for the commands that change things.
 */
public final class CliTraining {
    private CliTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path scratch = Files.createTempDirectory("dbdock-training");
        try {
            DataRoot root = new DataRoot(scratch);
            // Before anything logs: the logging set-up a user's command gets, not SLF4J's own search.
            Main.prepareLogging(root);
            Path home = scratch.resolve("instances").resolve("app");
            Files.createDirectories(home);
            Secrets.write(home, Secrets.generate());
            new InstanceStore(root).update(records -> records.add(new InstanceRecord(UUID.randomUUID(), "app", "app", "postgres", "18",
                    54329, "127.0.0.1", StorageKind.FOLDER, home.resolve("data").toString(), home.toString(), "postgres", "postgres",
                    Instant.now(), false)));
            for (String[] command : new String[][] {{"--version"}, {"url", "app"}, {"url", "app", "--format", "jdbc"}, {"info", "app"},
                    {"list"}, {"list", "--json"}, {"backups", "app"}, {"engines"}, {"help"}, {"list", "--bogus"}}) {
                Main.commandLine(root, new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                        java.io.InputStream.nullInputStream(), false), command);
            }
            // Commands that change things connect docker-java: build its client (HTTP stack, TLS
            // defaults, JSON mapping) against a socket nobody serves, so those classes are archived too.
            try {
                DockerJavaGateway.connect(List.of(new DockerEndpoints.Candidate("unix://" + scratch.resolve("no-engine.sock"), "training")))
                        .close();
            } catch (DockerUnavailableException expected) {
                // the point: nothing answers there
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

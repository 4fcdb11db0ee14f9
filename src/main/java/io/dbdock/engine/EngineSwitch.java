package io.dbdock.engine;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A move of an instance's data from one engine to another that reads it (Redis to Valkey), done
 * by the upgrade flow: backup, new container of the other engine, the backup loaded, counts compared.
 *
 * @param from         the engine an instance switches from ("redis")
 * @param to           the engine it switches to ("valkey")
 * @param fromVersions the versions of {@code from} whose data {@code to} reads
 * @param whyNot       why the other versions cannot switch, in a user's words
 * @param dumpProblem  a last check of the backup's first bytes (the data's own format version), so a
 *                     server that writes a newer format than its version promises is refused before
 *                     anything changes; empty when the data can move
 */
public record EngineSwitch(String from, String to, List<String> fromVersions, String whyNot,
                           Function<byte[], Optional<String>> dumpProblem) {
    public EngineSwitch {
        fromVersions = List.copyOf(fromVersions);
    }

    public boolean allows(String version) {
        return fromVersions.contains(version);
    }
}

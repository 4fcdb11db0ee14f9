package io.dbdock.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An engine with extensions built in, as its own project publishes it: another image (repository
 * and tag per version) with the base engine's contract otherwise (environment, secrets, data
 * layout, probe, backups).
 *
 * @param id          what the instance record and labels keep ("pgvector", "timescaledb+pgvector")
 * @param displayName what users read ("pgvector", "TimescaleDB and pgvector")
 * @param choices     the extensions users pick to get this variant, as the window's check boxes and
 *                    {@code create --variant} name them ("pgvector"; "timescaledb" and "pgvector"): each
 *                    set of choices leads to at most one variant
 * @param purpose     one line on what it is for, shown beside the choice
 * @param repository  the project's image repository
 * @param tags        the image tag for each engine version it is published for, oldest first;
 *                    only versions listed here are offered
 * @param enable      the extensions dbdock creates in the instance's database once it is Ready
 *                    (and in every database a restore brings)
 * @param provides    every extension this image adds to the plain engine's (a backup that uses one
 *                    of them restores only into an instance whose image has it)
 * @param pinned      extensions whose dump loads only into the same extension version (TimescaleDB's
 *                    catalog tables change between its releases): an upgrade checks that the new
 *                    image has the version the instance runs before it moves anything
 */
public record EngineVariant(String id, String displayName, List<String> choices, String purpose, String repository,
                            Map<String, String> tags, List<String> enable, List<String> provides, List<String> pinned) {
    public EngineVariant {
        choices = List.copyOf(choices);
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        enable = List.copyOf(enable);
        provides = List.copyOf(provides);
        pinned = List.copyOf(pinned);
        if (!provides.containsAll(enable)) {
            throw new IllegalArgumentException(id + ": enables an extension it does not provide");
        }
    }

    public Optional<String> tag(String version) {
        return Optional.ofNullable(tags.get(version));
    }

    /** The engine versions this variant is published for, oldest first. */
    public List<String> versions() {
        return List.copyOf(tags.keySet());
    }
}

package io.dbdock.store;

import io.dbdock.common.JsonValues;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.ProjectMembership;
import io.dbdock.model.StorageKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * One instance record as the store file holds it, read field by field (see {@link JsonValues} for
 * why not through the ObjectMapper that writes it). The names are the record's component names;
 * {@code RecordFieldsTest} writes every component with the writer and reads it back here.
 */
final class RecordFields {
    private RecordFields() {
    }

    static InstanceRecord read(JsonValues.Fields f) throws IOException {
        try {
            String id = f.text("id");
            String storage = f.text("storage");
            return new InstanceRecord(id == null ? null : UUID.fromString(id), f.text("name"), f.text("slug"), f.text("engine"),
                    f.text("version"), f.integer("port", 0), f.text("bindAddress"), storage == null ? null : StorageKind.valueOf(storage),
                    f.text("storageLocation"), f.text("home"), f.text("user"), f.text("database"), instant(f, "createdAt"),
                    f.bool("autoStart", false), project(f), f.text("variant"), place(f));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException("an instance record has a value dbdock cannot read: " + e.getMessage(), e);
        }
    }

    private static ProjectMembership project(JsonValues.Fields f) throws IOException {
        if (f.map().get("project") == null) {
            return null;
        }
        JsonValues.Fields p = f.object("project");
        return new ProjectMembership(p.text("project"), p.text("database"), p.text("folder"), p.text("initProblem"));
    }

    private static EnginePlace place(JsonValues.Fields f) throws IOException {
        if (f.map().get("place") == null) {
            return null;
        }
        JsonValues.Fields p = f.object("place");
        return new EnginePlace(p.text("context"), p.text("engineId"));
    }

    /** ISO-8601 as written; seconds since the epoch (with a fraction) as a mapper with timestamps on writes them. */
    private static Instant instant(JsonValues.Fields f, String key) throws IOException {
        if (f.map().get(key) instanceof Number) {
            BigDecimal seconds = new BigDecimal(f.number(key).toString());
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        String text = f.text(key);
        return text == null ? null : Instant.parse(text);
    }
}

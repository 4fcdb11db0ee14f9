package io.dbdock.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dbdock.model.StorageKind;
import java.time.Instant;

/**
 * Written beside an instance's data: which engine (and variant) and version initialised it. It stays when an
 * instance is deleted with its data kept, so a new instance of the same name can take the data
 * (and its password) back, and a mismatching engine or major version is refused in plain words.
 */
public record StorageMarker(@JsonProperty("engine") String engine,
                            @JsonProperty("version") String version,
                            @JsonProperty("storage") StorageKind storage,
                            @JsonProperty("location") String location,
                            @JsonProperty("createdAt") Instant createdAt,
                            @JsonProperty("variant") String variant) {
    public static final String FILE_NAME = "storage.json";

    /** The engine as lists write it ("postgres+pgvector"); markers written before variants have none. */
    public String engineWithVariant() {
        return io.dbdock.model.InstanceRecord.engineWithVariant(engine, variant);
    }
}

package io.dbdock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.DataRoot;
import io.dbdock.common.Json;
import io.dbdock.common.JsonValues;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.ProjectMembership;
import io.dbdock.model.StorageKind;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is written by the ObjectMapper and read field by field: the two must agree on every component. */
class RecordFieldsTest {
    @TempDir
    Path dir;

    /** Every component differs from its type's default, so a component the reader forgets makes the records differ. */
    private static InstanceRecord everyFieldSet() {
        return new InstanceRecord(UUID.fromString("0aa78384-e8c2-4b6f-8c70-33b80a0b8aff"), "My Vectors", "my-vectors", "postgres", "17",
                46381, "0.0.0.0", StorageKind.VOLUME, "dbdock-my-vectors-data", "/home/u/.local/share/dbdock/instances/my-vectors",
                "app", "shop", Instant.parse("2026-12-01T15:17:02.267259136Z"), true,
                new ProjectMembership("shop", "vectors", "/home/u/src/shop", "db/seed.sql:2: ERROR:  syntax error"), "pgvector",
                new EnginePlace("box", "3f1c2e55-5c1b-4a4e-9b64-3f9b6e0e7f10"));
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBack() throws Exception {
        InstanceRecord r = everyFieldSet();
        byte[] json = Json.mapper().writeValueAsBytes(r);
        assertEquals(r, RecordFields.read(JsonValues.fields(JsonValues.parse(json))));
        for (RecordComponent c : InstanceRecord.class.getRecordComponents()) {
            assertNotEquals(defaultOf(c.getType()), c.getAccessor().invoke(r), c.getName() + " is set in the sample");
        }
        for (RecordComponent c : ProjectMembership.class.getRecordComponents()) {
            assertNotEquals(null, c.getAccessor().invoke(r.project()), "project." + c.getName() + " is set in the sample");
        }
    }

    @Test
    void theStoreKeepsEveryFieldThroughAWriteAndARead() {
        InstanceStore store = new InstanceStore(new DataRoot(dir));
        store.update(records -> records.add(everyFieldSet()));
        assertEquals(List.of(everyFieldSet()), new InstanceStore(new DataRoot(dir)).load());
    }

    @Test
    void missingFieldsReadAsTheWriterWouldHaveLeftThemAndUnknownOnesAreIgnored() throws Exception {
        InstanceRecord r = RecordFields.read(JsonValues.fields(JsonValues.parse(
                "{\"name\": \"a\", \"port\": 5, \"createdAt\": 1764602222.5, \"later\": {\"x\": 1}}".getBytes())));
        assertEquals("a", r.name());
        assertEquals(5, r.port());
        assertEquals(Instant.ofEpochSecond(1764602222L, 500_000_000), r.createdAt(), "seconds since the epoch, as timestamps are written");
        assertEquals(null, r.id());
        assertEquals(false, r.autoStart());
    }

    @Test
    void aValueThatIsNotWhatTheFieldHoldsIsAnError() {
        for (String bad : List.of("{\"id\": \"not-a-uuid\"}", "{\"storage\": \"CLOUD\"}", "{\"createdAt\": \"yesterday\"}",
                "{\"port\": \"5432\"}")) {
            IOException e = assertThrows(IOException.class, () -> RecordFields.read(JsonValues.fields(JsonValues.parse(bad.getBytes()))), bad);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), bad);
        }
    }

    @Test
    void aStoreFileWithABrokenRecordIsRecoveredFromItsBackup() throws Exception {
        DataRoot root = new DataRoot(dir);
        InstanceStore store = new InstanceStore(root);
        store.update(records -> records.add(everyFieldSet()));
        store.update(records -> records.set(0, records.get(0).withPort(46382))); // the first version is now the backup
        Files.writeString(root.instancesFile(), "{\"schemaVersion\": 1, \"instances\": [{\"id\": 5}]}");
        InstanceStore again = new InstanceStore(root);
        assertEquals(List.of(everyFieldSet()), again.load());
        assertTrue(again.recoveryNotice().orElseThrow().contains("restored it from its backup"), again.recoveryNotice().get());
    }

    private static Object defaultOf(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }
}

package io.dbdock.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
    private static Object parse(String json) throws Exception {
        return JsonValues.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKindOfValueInOrder() throws Exception {
        Object v = parse("{\"b\": [1, 2.5, \"x\", true, false, null, {}], \"a\": {\"n\": 12345678901}, \"é\": \"ü\"}");
        assertTrue(v instanceof Map);
        assertEquals(List.of("b", "a", "é"), List.copyOf(((Map<?, ?>) v).keySet()), "fields keep their order");
        JsonValues.Fields f = JsonValues.fields(v);
        List<Object> list = f.list("b");
        assertEquals(1, ((Number) list.get(0)).intValue());
        assertEquals(2.5, ((Number) list.get(1)).doubleValue());
        assertEquals("x", list.get(2));
        assertEquals(Boolean.TRUE, list.get(3));
        assertEquals(Boolean.FALSE, list.get(4));
        assertNull(list.get(5));
        assertEquals(Map.of(), list.get(6));
        assertEquals(12345678901L, f.object("a").number("n").longValue());
        assertEquals("ü", f.text("é"));
    }

    @Test
    void missingAndNullFieldsGiveTheDefaults() throws Exception {
        JsonValues.Fields f = JsonValues.fields(parse("{\"gone\": null}"));
        assertNull(f.text("gone"));
        assertEquals("d", f.text("absent", "d"));
        assertEquals(7, f.integer("gone", 7));
        assertTrue(f.bool("absent", true));
        assertNull(f.list("absent"));
        assertEquals(Map.of(), f.object("absent").map());
        assertEquals(Map.of(), f.texts("absent"));
        assertFalse(f.has("gone"));
    }

    @Test
    void aFieldOfAnotherTypeIsUnreadableAndSaysWhich() throws Exception {
        JsonValues.Fields f = JsonValues.fields(parse("{\"port\": \"5432\", \"on\": 1, \"big\": 9999999999, \"labels\": {\"a\": 1}}"));
        assertEquals("\"port\" should be a whole number",
                assertThrows(JsonValues.Unreadable.class, () -> f.integer("port", 0)).getMessage());
        assertThrows(JsonValues.Unreadable.class, () -> f.bool("on", false));
        assertThrows(JsonValues.Unreadable.class, () -> f.integer("big", 0), "too big for an int");
        assertThrows(JsonValues.Unreadable.class, () -> f.text("on"));
        assertThrows(JsonValues.Unreadable.class, () -> f.list("port"));
        assertEquals("\"labels.a\" should be text", assertThrows(JsonValues.Unreadable.class, () -> f.texts("labels")).getMessage());
    }

    @Test
    void brokenDocumentsAreSyntaxErrorsAndAnEmptyOneIsNull() throws Exception {
        assertNull(parse(""));
        assertNull(parse("  \n"));
        assertThrows(JsonParseException.class, () -> parse("{\"a\": "));
        assertThrows(JsonParseException.class, () -> parse("{} {}"));
        assertThrows(JsonParseException.class, () -> parse("{\"a\" 1}"));
    }
}

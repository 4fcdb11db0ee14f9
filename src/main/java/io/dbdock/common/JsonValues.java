package io.dbdock.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into plain values (maps, lists, strings, numbers, booleans) with Jackson's streaming
 * parser alone. The files every command reads (the instance store, settings, Docker's context
 * files) and Docker's container list go through here rather than through {@link Json}'s
 * ObjectMapper: building that mapper loads several hundred classes, a quarter of a second of a
 * {@code dbdock url} that has nothing else to do. Writing stays with {@link Json}.
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** For files people write by hand: a key given twice is an error, not the last one silently winning. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonValues() {
    }

    /** The value a whole document holds, or null for an empty one; a syntax error is a JsonParseException. */
    public static Object parse(byte[] json) throws IOException {
        return parse(FACTORY, json);
    }

    /** As {@link #parse(byte[])}, with a key given twice in an object a JsonParseException (hand-written files). */
    public static Object parseStrict(byte[] json) throws IOException {
        return parse(STRICT, json);
    }

    private static Object parse(JsonFactory factory, byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more than one value in the document");
            }
            return value;
        }
    }

    public static Object parse(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** A document that must be an object: its fields, or {@link Unreadable} when it holds something else. */
    public static Fields object(Path file) throws IOException {
        return optionalObject(file).orElseThrow(() -> new Unreadable("the file does not hold a JSON object"));
    }

    /** As {@link #object}, with an empty file (or only white space) read as none. */
    public static java.util.Optional<Fields> optionalObject(Path file) throws IOException {
        Object value = parse(file);
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (!(value instanceof Map)) {
            throw new Unreadable("the file does not hold a JSON object");
        }
        return java.util.Optional.of(fields(value));
    }

    /** The fields of an object value; an empty set of fields for anything else (as a missing object reads). */
    @SuppressWarnings("unchecked")
    public static Fields fields(Object value) {
        return new Fields(value instanceof Map ? (Map<String, Object>) value : Map.of());
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    map.put(key, value(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
    }

    /**
     * An object's fields, read the way a lenient mapper reads them: a missing or null field is
     * null (or the default given), a field of another type than asked is {@link Unreadable}.
     */
    public record Fields(Map<String, Object> map) {
        public boolean has(String key) {
            return map.get(key) != null;
        }

        public String text(String key) throws IOException {
            Object v = map.get(key);
            if (v == null || v instanceof String) {
                return (String) v;
            }
            throw wrongType(key, "text");
        }

        public String text(String key, String otherwise) throws IOException {
            String v = text(key);
            return v == null ? otherwise : v;
        }

        public int integer(String key, int otherwise) throws IOException {
            Object v = map.get(key);
            if (v == null) {
                return otherwise;
            }
            if (v instanceof Integer || v instanceof Long && (Long) v == ((Long) v).intValue()) {
                return ((Number) v).intValue();
            }
            throw wrongType(key, "a whole number");
        }

        public boolean bool(String key, boolean otherwise) throws IOException {
            Object v = map.get(key);
            if (v == null) {
                return otherwise;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw wrongType(key, "true or false");
        }

        public double decimal(String key, double otherwise) throws IOException {
            Number n = number(key);
            return n == null ? otherwise : n.doubleValue();
        }

        public Number number(String key) throws IOException {
            Object v = map.get(key);
            if (v == null || v instanceof Number) {
                return (Number) v;
            }
            throw wrongType(key, "a number");
        }

        public Fields object(String key) throws IOException {
            Object v = map.get(key);
            if (v == null || v instanceof Map) {
                return fields(v);
            }
            throw wrongType(key, "an object");
        }

        /** The list a field holds, or null when it has none. */
        @SuppressWarnings("unchecked")
        public List<Object> list(String key) throws IOException {
            Object v = map.get(key);
            if (v == null || v instanceof List) {
                return (List<Object>) v;
            }
            throw wrongType(key, "a list");
        }

        /** An object of text values (labels, image repositories); other values are an error. */
        public Map<String, String> texts(String key) throws IOException {
            Map<String, String> result = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : object(key).map().entrySet()) {
                if (e.getValue() != null && !(e.getValue() instanceof String)) {
                    throw wrongType(key + "." + e.getKey(), "text");
                }
                result.put(e.getKey(), (String) e.getValue());
            }
            return result;
        }

        private static IOException wrongType(String key, String expected) {
            return new Unreadable("\"" + key + "\" should be " + expected);
        }
    }

    /** Well-formed JSON that does not hold what the reader expects (a list where an object belongs, a number as a name). */
    public static final class Unreadable extends IOException {
        public Unreadable(String message) {
            super(message);
        }
    }
}

package io.dbdock.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dbdock.common.Json;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published schema and dbdock's own reader agree: on the README's examples, on the engines, on what is refused. */
class ProjectSchemaTest {
    private static final Path SCHEMA = Path.of("docs/dbdock.schema.json");
    @TempDir
    Path dir;

    private static Schema schema() throws Exception {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Files.newInputStream(SCHEMA));
    }

    /** The README's ```json blocks that are project files. */
    private static List<String> readmeExamples() throws Exception {
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains("\"databases\"")) {
                examples.add(m.group(1));
            }
        }
        return examples;
    }

    @Test
    void everyExampleInTheReadmeValidatesAgainstTheSchemaAndReads() throws Exception {
        List<String> examples = readmeExamples();
        assertFalse(examples.isEmpty(), "the README shows a dbdock.json");
        Schema schema = schema();
        for (String example : examples) {
            JsonNode node = Json.mapper().readTree(example);
            assertEquals(List.of(), schema.validate(node).stream().map(Object::toString).toList(), example);
            // dbdock's reader too, with the init files it names in place
            Path folder = Files.createTempDirectory(dir, "example");
            for (JsonNode db : node.get("databases")) {
                for (JsonNode init : db.path("init")) {
                    Files.createDirectories(folder.resolve(init.asText()).getParent());
                    Files.writeString(folder.resolve(init.asText()), "select 1;\n");
                }
            }
            Files.writeString(folder.resolve("dbdock.json"), example);
            new ProjectFileReader(EngineCatalog.standard()).read(folder);
        }
    }

    @Test
    void theSchemasEnginesAreTheCatalogs() throws Exception {
        JsonNode engines = Json.mapper().readTree(SCHEMA.toFile()).at("/$defs/database/properties/engine/enum");
        List<String> listed = new ArrayList<>();
        engines.forEach(e -> listed.add(e.asText()));
        assertEquals(EngineCatalog.standard().all().stream().map(EngineSpec::id).toList(), listed);
    }

    @Test
    void whatTheReaderRefusesForItsShapeTheSchemaRefusesToo() throws Exception {
        Schema schema = schema();
        for (String bad : List.of(
                "{\"databses\": {}, \"databases\": {\"a\": {\"engine\": \"redis\"}}}",
                "{\"project\": \"shop\"}",
                "{\"databases\": {}}",
                "{\"project\": \"my shop!\", \"databases\": {\"a\": {\"engine\": \"redis\"}}}",
                "{\"databases\": {\"a b\": {\"engine\": \"redis\"}}}",
                "{\"databases\": {\"a\": {\"engine\": \"postgress\"}}}",
                "{\"databases\": {\"a\": {\"engine\": \"postgres\", \"version\": 17}}}",
                "{\"databases\": {\"a\": {\"engine\": \"redis\", \"port\": \"6379\"}}}",
                "{\"databases\": {\"a\": {\"engine\": \"redis\", \"port\": 80}}}",
                "{\"databases\": {\"a\": {\"engine\": \"redis\", \"strict\": true}}}",
                "{\"databases\": {\"a\": {\"engine\": \"redis\", \"storage\": \"cloud\"}}}",
                "{\"databases\": {\"a\": {\"engine\": \"postgres\", \"init\": [\"/etc/passwd\"]}}}",
                "{\"databases\": {\"a\": {\"engine\": \"redis\"}}, \"env\": {\"vars\": {\"1URL\": \"{a.uri}\"}}}")) {
            assertTrue(!schema.validate(Json.mapper().readTree(bad)).isEmpty(), "the schema refuses " + bad);
        }
    }
}

package io.heropixel.destination.postgres.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.CatalogParser;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fixture handling for the Airbyte conformance scenarios (src/test/resources/conformance/airbyte, see its README):
 * reading JSONL with comments, building the stdin of a step, dumping tables as the reference harness
 * does, and comparing rows.
 *
 * <p>Comparison: rows are matched as multisets; {@code _airbyte_raw_id} and {@code _airbyte_loaded_at} are
 * ignored; SQL NULL is a missing key, JSON null is a null value; numbers compare by value; timestamps
 * (final columns and {@code _airbyte_extracted_at}) compare as instants. Two leniencies, both stated where
 * they apply: (1) raw {@code _airbyte_data} is compared without JSON-null keys, because we store the
 * record's data verbatim (Java-connector shape) and the main fixture files use the 3.x shape; (2) as in
 * Airbyte's RecordDiffer, an expected {@code "changes": []} accepts any actual changes list.
 */
final class Conformance {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Conformance() {}

    static Path dir() {
        return Path.of(System.getProperty("conformance.dir", "src/test/resources/conformance/airbyte"));
    }

    static ObjectNode json(String relative) {
        try {
            return (ObjectNode)
                    ProtocolJson.mapper().readTree(dir().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON lines of a fixture file: trimmed, without blank lines and {@code //} comments. */
    static List<ObjectNode> jsonl(String relative) {
        try {
            List<ObjectNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve(relative))) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith("//")) {
                    rows.add((ObjectNode) ProtocolJson.mapper().readTree(trimmed));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages of a file with record.stream/namespace set; returned as lines. */
    static List<String> messages(String relative, String namespace, String name) {
        List<String> lines = new ArrayList<>();
        for (ObjectNode message : jsonl(relative)) {
            ObjectNode record = (ObjectNode) message.get("record");
            record.put("stream", name);
            if (namespace == null) {
                record.putNull("namespace");
            } else {
                record.put("namespace", namespace);
            }
            lines.add(message.toString());
        }
        return lines;
    }

    static String statusLine(String namespace, String name, String status) {
        return WriteHarness.status(namespace, name, status);
    }

    /** Stream names of a catalog: (namespace or null, name). */
    static List<String[]> streams(JsonNode catalog) {
        List<String[]> result = new ArrayList<>();
        for (JsonNode configured : catalog.path("streams")) {
            JsonNode stream = configured.path("stream");
            String namespace = stream.path("namespace").isTextual()
                    ? stream.get("namespace").asText()
                    : null;
            result.add(new String[] {namespace, stream.get("name").asText()});
        }
        return result;
    }

    static Map<String, StreamPlan> plans(ObjectNode config, JsonNode catalog) {
        Map<String, StreamPlan> plans = new HashMap<>();
        for (StreamPlan plan : StreamPlanner.plan(CatalogParser.parse(catalog), ConfigResolver.resolve(config))) {
            plans.put(plan.descriptor().toString(), plan);
        }
        return plans;
    }

    /** Every row of a table as JSON, as the reference harness sees it (SQL NULL = absent). */
    static List<ObjectNode> dump(TestDatabase db, QualifiedName table) {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + table.quoted())) {
            ResultSetMetaData meta = rs.getMetaData();
            List<ObjectNode> rows = new ArrayList<>();
            while (rs.next()) {
                ObjectNode row = NODES.objectNode();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnLabel(i);
                    String type = meta.getColumnTypeName(i);
                    String text = rs.getString(i);
                    if (text == null) {
                        continue;
                    }
                    switch (type) {
                        case "jsonb", "json" ->
                            row.set(name, ProtocolJson.mapper().readTree(text));
                        case "int8", "int4", "int2", "numeric" -> row.put(name, new BigDecimal(text));
                        case "bool" -> row.put(name, rs.getBoolean(i));
                        case "timestamptz" ->
                            row.put(
                                    name,
                                    rs.getObject(i, OffsetDateTime.class)
                                            .toInstant()
                                            .toString());
                        default -> row.put(name, text);
                    }
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not read " + table + ": " + e.getMessage(), e);
        }
    }

    /** Raw rows with the data keys lifted to the top (RecordDiffer rule 2). */
    static List<ObjectNode> liftRaw(List<ObjectNode> rows) {
        List<ObjectNode> lifted = new ArrayList<>();
        for (ObjectNode row : rows) {
            ObjectNode copy = row.deepCopy();
            JsonNode data = copy.remove("_airbyte_data");
            if (data != null) {
                data.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull()) { // leniency (1): JSON-null keys are not compared
                        copy.set(e.getKey(), e.getValue());
                    }
                });
            }
            lifted.add(copy);
        }
        return lifted;
    }

    static List<ObjectNode> withGeneration(List<ObjectNode> rows, Long generation) {
        if (generation != null) {
            rows.forEach(r -> r.put("_airbyte_generation_id", generation));
        }
        return rows;
    }

    static List<ObjectNode> map(List<ObjectNode> rows, Function<ObjectNode, ObjectNode> change) {
        List<ObjectNode> result = new ArrayList<>();
        rows.forEach(r -> result.add(change.apply(r.deepCopy())));
        return result;
    }

    /** Asserts the actual rows equal the expected rows as multisets (rules in the class comment). */
    static void assertRows(String what, List<ObjectNode> expected, List<ObjectNode> actual) {
        Map<String, Integer> remaining = new HashMap<>();
        Map<String, List<String>> lenient = new HashMap<>();
        for (ObjectNode row : actual) {
            String key = canonical(row, false);
            remaining.merge(key, 1, Integer::sum);
        }
        List<ObjectNode> unmatched = new ArrayList<>();
        for (ObjectNode row : expected) {
            String key = canonical(row, false);
            Integer count = remaining.get(key);
            if (count == null || count == 0) {
                unmatched.add(row);
            } else {
                remaining.put(key, count - 1);
            }
        }
        // leniency (2): expected rows with "changes": [] match any changes
        for (Map.Entry<String, Integer> left : remaining.entrySet()) {
            for (int i = 0; i < left.getValue(); i++) {
                String withoutChanges = canonical((ObjectNode) parse(left.getKey()), true);
                lenient.computeIfAbsent(withoutChanges, k -> new ArrayList<>()).add(left.getKey());
            }
        }
        List<String> missing = new ArrayList<>();
        for (ObjectNode row : unmatched) {
            JsonNode changes = row.path("_airbyte_meta").path("changes");
            List<String> candidates = lenient.get(canonical(row, true));
            if (changes.isArray() && changes.isEmpty() && candidates != null && !candidates.isEmpty()) {
                remaining.merge(candidates.remove(0), -1, Integer::sum);
            } else {
                missing.add(canonical(row, false));
            }
        }
        List<String> unexpected = new ArrayList<>();
        remaining.forEach((key, count) -> {
            for (int i = 0; i < count; i++) {
                unexpected.add(key);
            }
        });
        assertThat(missing)
                .as(what + ": expected rows missing (unexpected rows: " + unexpected + ")")
                .isEmpty();
        assertThat(unexpected).as(what + ": rows not expected").isEmpty();
    }

    private static JsonNode parse(String json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A normalised JSON text of a row: ignored columns removed, numbers and instants normalised. */
    static String canonical(ObjectNode row, boolean withoutChanges) {
        ObjectNode copy = row.deepCopy();
        copy.remove("_airbyte_raw_id");
        copy.remove("_airbyte_loaded_at");
        if (withoutChanges && copy.get("_airbyte_meta") instanceof ObjectNode meta) {
            meta.remove("changes");
        }
        ObjectNode sorted = NODES.objectNode();
        List<String> names = new ArrayList<>();
        copy.fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        for (String name : names) {
            sorted.set(name, normalise(copy.get(name), true));
        }
        return sorted.toString();
    }

    private static JsonNode normalise(JsonNode value, boolean topLevel) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return NODES.numberNode(number.scale() < 0 ? number.setScale(0) : number);
        }
        if (topLevel && value.isTextual()) {
            try {
                return NODES.textNode(
                        Instant.from(OffsetDateTime.parse(value.asText())).toString());
            } catch (RuntimeException notATimestamp) {
                return value;
            }
        }
        if (value.isObject()) {
            ObjectNode sorted = NODES.objectNode();
            List<String> names = new ArrayList<>();
            value.fieldNames().forEachRemaining(names::add);
            names.sort(String::compareTo);
            for (String name : names) {
                sorted.set(name, normalise(value.get(name), false));
            }
            return sorted;
        }
        if (value.isArray()) {
            ArrayNode array = NODES.arrayNode();
            for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                array.add(normalise(it.next(), false));
            }
            return array;
        }
        return value;
    }
}

package io.heropixel.destination.postgres.typing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.CatalogSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the Airbyte conformance fixtures (JSON Lines with {@code //} comments), writes raw rows with bind
 * parameters, and compares a final table with expected rows by the RecordDiffer rules of the conformance
 * README: SQL NULL = missing key, JSON null = null; timestamps, times and numbers compared by value.
 */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Comparator<JsonNode> NUMERIC_EQUAL = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Fixtures() {}

    static Path dir() {
        return Path.of(System.getProperty("conformance.dir", "src/test/resources/conformance/airbyte"));
    }

    static List<ObjectNode> read(String relativePath) {
        try {
            List<ObjectNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve(relativePath))) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith("//")) {
                    rows.add((ObjectNode) JSON.readTree(trimmed));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw rows (as in the cdk-sqlgenerator inputs) into a raw table; every value is a bind parameter. */
    static void insertRaw(Connection c, QualifiedName raw, List<ObjectNode> rows) throws SQLException {
        String sql = "INSERT INTO " + raw.quoted() + " (_airbyte_raw_id, _airbyte_extracted_at, _airbyte_loaded_at,"
                + " _airbyte_data, _airbyte_meta, _airbyte_generation_id)"
                + " VALUES (?, ?::timestamptz, ?::timestamptz, ?::jsonb, ?::jsonb, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (ObjectNode row : rows) {
                ps.setString(1, row.path("_airbyte_raw_id").asText());
                ps.setString(2, text(row, "_airbyte_extracted_at"));
                ps.setString(3, text(row, "_airbyte_loaded_at"));
                ps.setString(
                        4, row.has("_airbyte_data") ? row.get("_airbyte_data").toString() : null);
                ps.setString(
                        5, row.has("_airbyte_meta") ? row.get("_airbyte_meta").toString() : null);
                if (row.hasNonNull("_airbyte_generation_id")) {
                    ps.setLong(6, row.get("_airbyte_generation_id").asLong());
                } else {
                    ps.setObject(6, null);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Writes rows straight into a final table (columns named as in the row), values bound as text. */
    static void insertFinal(Connection c, QualifiedName table, List<ObjectNode> rows) throws SQLException {
        Map<String, String> types = columnTypes(c, table);
        for (ObjectNode row : rows) {
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            row.fields().forEachRemaining(e -> {
                names.add('"' + e.getKey() + '"');
                values.add(
                        e.getValue().isTextual()
                                ? e.getValue().asText()
                                : e.getValue().toString());
            });
            List<String> params = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                params.add("?::" + types.get(names.get(i).replace("\"", "")));
            }
            String sql = "INSERT INTO " + table.quoted() + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", params) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    ps.setString(i + 1, values.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    private static Map<String, String> columnTypes(Connection c, QualifiedName table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CatalogSql.columnTypes())) {
            ps.setString(1, table.schema().name());
            ps.setString(2, table.table().name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private static String text(ObjectNode row, String field) {
        return row.hasNonNull(field) ? row.get(field).asText() : null;
    }

    /** Every row of a table: column to comparable value; SQL NULL columns are left out. */
    static List<Map<String, Object>> dump(Connection c, QualifiedName table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table.quoted())) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (rs.getObject(i) != null) {
                        row.put(md.getColumnName(i), value(rs, i, md.getColumnTypeName(i)));
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object value(ResultSet rs, int i, String type) throws SQLException {
        try {
            return switch (type) {
                case "int8", "int4", "int2", "numeric" -> rs.getBigDecimal(i);
                case "bool" -> rs.getBoolean(i);
                case "jsonb", "json" -> JSON.readTree(rs.getString(i));
                case "timestamptz" -> rs.getObject(i, OffsetDateTime.class).toInstant();
                case "timestamp" -> rs.getObject(i, LocalDateTime.class);
                case "time" -> rs.getObject(i, LocalTime.class);
                case "timetz" -> rs.getObject(i, OffsetTime.class);
                case "date" -> rs.getObject(i, LocalDate.class);
                default -> rs.getString(i);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected JSON value converted to the actual value's Java type. */
    private static Object expectedValue(JsonNode expected, Object actual) {
        if (actual instanceof BigDecimal) {
            return expected.isNumber() ? expected.decimalValue() : new BigDecimal(expected.asText());
        } else if (actual instanceof Boolean) {
            return expected.asBoolean();
        } else if (actual instanceof JsonNode) {
            return expected;
        } else if (actual instanceof java.time.Instant) {
            return OffsetDateTime.parse(expected.asText()).toInstant();
        } else if (actual instanceof LocalDateTime) {
            return LocalDateTime.parse(expected.asText());
        } else if (actual instanceof LocalTime) {
            return LocalTime.parse(expected.asText());
        } else if (actual instanceof OffsetTime) {
            return OffsetTime.parse(expected.asText());
        } else if (actual instanceof LocalDate) {
            return LocalDate.parse(expected.asText());
        }
        return expected.isTextual() ? expected.asText() : expected.toString();
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
            return e.compareTo(a) == 0;
        }
        if (expected instanceof JsonNode e && actual instanceof JsonNode a) {
            return e.equals(NUMERIC_EQUAL, a);
        }
        return Objects.equals(expected, actual);
    }

    /**
     * Compares rows: each expected row is paired with an unpaired actual row that matches it completely
     * (by {@code _airbyte_raw_id} first when the expectation has one). Every expected key must match; every
     * actual non-NULL column must be expected, except {@code _airbyte_loaded_at}, {@code _airbyte_raw_id}
     * when the expectation omits it, and {@code _airbyte_generation_id} when the expectation predates
     * generation ids. An expected meta without sync_id means sync_id null.
     */
    static void assertRows(List<Map<String, Object>> actualRows, List<ObjectNode> expectedRows) {
        assertThat(actualRows).as("row count; actual rows: %s", actualRows).hasSize(expectedRows.size());
        List<Map<String, Object>> unpaired = new ArrayList<>(actualRows);
        for (ObjectNode expected : expectedRows) {
            ObjectNode normalised = expected.deepCopy();
            if (normalised.get("_airbyte_meta") instanceof ObjectNode meta && !meta.has("sync_id")) {
                meta.putNull("sync_id");
            }
            Map<String, Object> match = null;
            String firstDifference = null;
            for (Map<String, Object> actual : unpaired) {
                String difference = difference(normalised, actual);
                if (difference == null) {
                    match = actual;
                    break;
                }
                if (firstDifference == null || sameId(expected, actual)) {
                    firstDifference = difference + "\nactual row: " + actual;
                }
            }
            if (match == null) {
                fail("No actual row matches " + expected + "\nclosest: " + firstDifference);
            }
            unpaired.remove(match);
        }
    }

    private static boolean sameId(ObjectNode expected, Map<String, Object> actual) {
        return expected.has("_airbyte_raw_id")
                ? expected.get("_airbyte_raw_id").asText().equals(actual.get("_airbyte_raw_id"))
                : difference(idsOnly(expected), actual) == null;
    }

    private static ObjectNode idsOnly(ObjectNode expected) {
        ObjectNode ids = JSON.createObjectNode();
        for (String key : List.of("id1", "id2")) {
            if (expected.has(key)) {
                ids.set(key, expected.get(key));
            }
        }
        return ids;
    }

    /** Null when the actual row matches the expected keys; else what differs. */
    private static String difference(ObjectNode expected, Map<String, Object> actual) {
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            Object value = actual.get(e.getKey());
            if (value == null) {
                return "column " + e.getKey() + " is NULL, expected " + e.getValue();
            }
            Object wanted = expectedValue(e.getValue(), value);
            if (!same(wanted, value)) {
                return "column " + e.getKey() + ": expected " + wanted + " but was " + value;
            }
        }
        if (expected.size() <= 2 && !expected.has("_airbyte_extracted_at")) {
            return null; // an id-only probe
        }
        for (String column : actual.keySet()) {
            boolean ignored = column.equals("_airbyte_loaded_at")
                    || (column.equals("_airbyte_generation_id") && !expected.has(column))
                    || (column.equals("_airbyte_raw_id") && !expected.has(column));
            if (!ignored && !expected.has(column)) {
                return "column " + column + " is " + actual.get(column) + " but is not expected (SQL NULL)";
            }
        }
        return null;
    }
}

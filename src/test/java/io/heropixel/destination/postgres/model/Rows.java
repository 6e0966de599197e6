package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The rows of the model's tables and their canonical text, the form both sides are compared in. */
final class Rows {
    private Rows() {}

    /** A raw row: the record's data as sent, its extraction time, generation and sync id. */
    static final class RawRow {
        final ObjectNode data;
        final long emittedAt;
        final long generation;
        final long syncId;
        /** In the table once or not at all: a record of the at-least-once window of a killed attempt. */
        final boolean mayRepeat;

        boolean loaded;
        /** The final row it was typed to (with the pass that typed it), once loaded. */
        FinalRow typed;

        /** The {@code TRUNCATED} changes of the properties cleaned of NUL characters, as "field:change:reason". */
        final List<String> changes = new ArrayList<>();

        RawRow(ObjectNode sent, long emittedAt, long generation, long syncId, boolean mayRepeat) {
            ObjectNode cleaned = sent.deepCopy();
            sent.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && e.getValue().textValue().indexOf('\u0000') >= 0) {
                    cleaned.put(e.getKey(), e.getValue().textValue().replace("\u0000", ""));
                    changes.add(e.getKey() + ":TRUNCATED:DESTINATION_SERIALIZATION_ERROR");
                }
            });
            this.data = cleaned;
            this.emittedAt = emittedAt;
            this.generation = generation;
            this.syncId = syncId;
            this.mayRepeat = mayRepeat;
        }

        String canonical() {
            return "data=" + canonicalJson(data) + " generation=" + generation + " extracted_at=" + emittedAt
                    + " sync_id=" + syncId + (changes.isEmpty() ? "" : " changes=" + new TreeSet<>(changes))
                    + " loaded=" + loaded;
        }
    }

    /** A final row: column texts (null = SQL NULL), the fields NULLed by typing, meta columns. */
    record FinalRow(
            Map<String, String> values,
            List<String> nulledFields,
            long generation,
            long syncId,
            long emittedAt,
            long pass,
            List<String> key,
            Comparable<?> cursor,
            boolean deletion,
            boolean mayRepeat) {

        /** The row as text over the table's columns (a column the row was typed without is NULL). */
        String canonical(java.util.Collection<String> columns) {
            StringBuilder out = new StringBuilder();
            for (String column : new TreeSet<>(columns)) {
                String v = values.get(column);
                out.append(column)
                        .append('=')
                        .append(v == null ? "NULL" : quote(v))
                        .append(' ');
            }
            return out.append("| generation=")
                    .append(generation)
                    .append(" extracted_at=")
                    .append(emittedAt)
                    .append(" sync_id=")
                    .append(syncId)
                    .append(" nulled=")
                    .append(new TreeSet<>(nulledFields))
                    .toString();
        }

        FinalRow once() {
            return new FinalRow(
                    values, nulledFields, generation, syncId, emittedAt, pass, key, cursor, deletion, false);
        }
    }

    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    /** JSON with object keys sorted and numbers as plain decimals without trailing zeros (as jsonb compares). */
    static String canonicalJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonicalJson(e.getValue())));
            List<String> parts = new ArrayList<>();
            sorted.forEach((k, v) ->
                    parts.add(Lines.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(k)) + ":" + v));
            return "{" + String.join(",", parts) + "}";
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(canonicalJson(n)));
            return "[" + String.join(",", parts) + "]";
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        return Lines.write(node);
    }
}

package io.heropixel.destination.postgres.typing;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SELECT that types raw rows (reference §6.4, docs/type-mapping.md). Three levels: extract each
 * property once ({@code _ab_xN}), cast it ({@code _ab_cN}, behind an {@code OFFSET 0} fence so a cast runs
 * once per value), then name the columns and build {@code _airbyte_meta}.
 */
final class TypedSelect {
    static final String SAFE_CAST = "pg_temp.airbyte_safe_cast";

    private TypedSelect() {}

    /**
     * @param source a FROM item (table or parenthesised query) with the raw columns
     * @param safe cast through the safe-cast function (bad values become NULL) instead of direct casts
     */
    static String select(String source, List<TypedColumn> columns, boolean safe) {
        List<String> extracted = new ArrayList<>();
        List<String> typed = new ArrayList<>();
        List<String> named = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            TypedColumn column = columns.get(i);
            String x = "_ab_x" + i;
            String c = "_ab_c" + i;
            extracted.add("_airbyte_data -> " + SqlGenerator.literal(column.originalName()) + " AS " + x);
            typed.add(x);
            typed.add(cast(x, column, safe) + " AS " + c);
            named.add(c + " AS " + column.column().quoted());
            changes.add("CASE WHEN " + x + " IS NOT NULL AND jsonb_typeof(" + x + ") <> 'null' AND " + c
                    + " IS NULL THEN jsonb_build_object('field', " + SqlGenerator.literal(column.originalName())
                    + ", 'change', 'NULLED', 'reason', 'DESTINATION_TYPECAST_ERROR') END");
        }
        String destinationChanges = changes.isEmpty()
                ? "'[]'::jsonb"
                : "to_jsonb(array_remove(ARRAY[" + String.join(", ", changes) + "]::jsonb[], NULL))";
        String sourceChanges = "CASE WHEN jsonb_typeof(_ab_m -> 'changes') = 'array' THEN _ab_m -> 'changes'"
                + " ELSE '[]'::jsonb END";
        named.add("_airbyte_raw_id");
        named.add("_airbyte_extracted_at");
        named.add("jsonb_build_object('changes', " + destinationChanges + " || " + sourceChanges
                + ", 'sync_id', _ab_m -> 'sync_id') AS _airbyte_meta");
        named.add("_airbyte_generation_id");
        String inner = "SELECT _airbyte_raw_id, _airbyte_extracted_at, _airbyte_generation_id, _airbyte_meta AS _ab_m"
                + prefixed(extracted) + " FROM " + source;
        String middle = "SELECT _airbyte_raw_id, _airbyte_extracted_at, _airbyte_generation_id, _ab_m" + prefixed(typed)
                + " FROM (" + inner + ") AS _ab_extracted OFFSET 0";
        return "SELECT " + String.join(", ", named) + " FROM (" + middle + ") AS _ab_typed";
    }

    private static String prefixed(List<String> items) {
        return items.isEmpty() ? "" : ", " + String.join(", ", items);
    }

    /** The typed value of one extracted jsonb value {@code x}; NULL when it does not fit. */
    static String cast(String x, TypedColumn column, boolean safe) {
        String text = "(" + x + " #>> '{}')";
        if (ColumnTypes.categoryOf(column.sqlType()) == null) {
            return "CASE WHEN jsonb_typeof(" + x + ") <> 'null' THEN " + convert(text, column.sqlType(), safe) + " END";
        }
        return switch (column.type()) {
            case STRING -> text;
            case OBJECT -> "CASE WHEN jsonb_typeof(" + x + ") = 'object' THEN " + x + " END";
            case ARRAY -> "CASE WHEN jsonb_typeof(" + x + ") = 'array' THEN " + x + " END";
            case UNKNOWN -> x;
            case NUMBER, INTEGER ->
                "CASE WHEN jsonb_typeof(" + x + ") IN ('number', 'string') THEN "
                        + convert(text, column.sqlType(), safe) + " END";
            case BOOLEAN ->
                "CASE WHEN jsonb_typeof(" + x + ") = 'boolean' THEN " + convert(text, column.sqlType(), safe) + " END";
            case DATE, TIME_WITHOUT_TIMEZONE, TIME_WITH_TIMEZONE, TIMESTAMP_WITHOUT_TIMEZONE, TIMESTAMP_WITH_TIMEZONE ->
                "CASE WHEN jsonb_typeof(" + x + ") = 'string' THEN " + convert(text, column.sqlType(), safe) + " END";
        };
    }

    private static String convert(String text, String sqlType, boolean safe) {
        return safe
                ? SAFE_CAST + "(" + text + ", " + SqlGenerator.literal(sqlType) + ", NULL::" + sqlType + ")"
                : "CAST(" + text + " AS " + sqlType + ")";
    }
}

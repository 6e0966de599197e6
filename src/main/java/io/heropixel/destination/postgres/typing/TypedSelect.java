package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.sql.SqlText;
import io.heropixel.destination.postgres.table.ColumnTypes;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SELECT that types raw rows (docs/type-mapping.md). Three levels: extract each
 * property once ({@code _ab_xN}), cast it ({@code _ab_cN}, behind an {@code OFFSET 0} fence so a cast runs
 * once per value), then name the columns and build {@code _airbyte_meta}. Property names and type names
 * are bind parameters.
 */
final class TypedSelect {
    static final String SAFE_CAST = "pg_temp.airbyte_safe_cast";
    private static final String RAW_META = "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_generation_id, ";

    private TypedSelect() {}

    /**
     * @param source a FROM item (parenthesised query with alias) with the raw columns
     * @param mode direct casts, or one of the safe ways (a bad value becomes NULL)
     */
    static SqlText select(SqlText source, List<TypedColumn> columns, CastMode mode) {
        List<SqlText> extracted = new ArrayList<>();
        List<SqlText> typed = new ArrayList<>();
        List<SqlText> named = new ArrayList<>();
        List<SqlText> changes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            TypedColumn column = columns.get(i);
            String x = "_ab_x" + i;
            String c = "_ab_c" + i;
            extracted.add(new SqlText()
                    .add("_airbyte_data -> ")
                    .param(column.originalName())
                    .add(" AS " + x));
            typed.add(new SqlText().add(x));
            typed.add(cast(x, column, mode).add(" AS " + c));
            named.add(new SqlText().add(c + " AS " + column.column().quoted()));
            changes.add(new SqlText()
                    // the cheap test first: nearly every value casts, so nearly every CASE stops there
                    .add("CASE WHEN " + c + " IS NULL AND " + x + " IS NOT NULL AND jsonb_typeof(" + x
                            + ") <> 'null' THEN jsonb_build_object('field', ")
                    .param(column.originalName())
                    .add(", 'change', 'NULLED', 'reason', 'DESTINATION_TYPECAST_ERROR') END"));
        }
        SqlText destinationChanges = changes.isEmpty()
                ? new SqlText().add("'[]'::jsonb")
                : new SqlText()
                        .add("to_jsonb(array_remove(ARRAY[")
                        .join(", ", changes)
                        .add("]::jsonb[], NULL))");
        named.add(new SqlText().add("_airbyte_raw_id, _airbyte_extracted_at"));
        named.add(new SqlText()
                .add("jsonb_build_object('changes', ")
                .add(destinationChanges)
                .add(" || CASE WHEN jsonb_typeof(_ab_m -> 'changes') = 'array' THEN _ab_m -> 'changes'"
                        + " ELSE '[]'::jsonb END, 'sync_id', _ab_m -> 'sync_id') AS _airbyte_meta"));
        named.add(new SqlText().add("_airbyte_generation_id"));
        SqlText inner = new SqlText()
                .add("SELECT " + RAW_META + "_airbyte_meta AS _ab_m")
                .add(prefixed(extracted))
                .add(" FROM ")
                .add(source);
        SqlText middle = new SqlText()
                .add("SELECT " + RAW_META + "_ab_m")
                .add(prefixed(typed))
                .add(" FROM (")
                .add(inner)
                .add(") AS _ab_extracted OFFSET 0");
        return new SqlText()
                .add("SELECT ")
                .join(", ", named)
                .add(" FROM (")
                .add(middle)
                .add(") AS _ab_typed");
    }

    private static SqlText prefixed(List<SqlText> items) {
        return items.isEmpty() ? new SqlText() : new SqlText().add(", ").join(", ", items);
    }

    /** The typed value of one extracted jsonb value {@code x}; NULL when it does not fit. */
    static SqlText cast(String x, TypedColumn column, CastMode mode) {
        String text = "(" + x + " #>> '{}')";
        if (ColumnTypes.categoryOf(column.sqlType()) == null) {
            return when("jsonb_typeof(" + x + ") <> 'null'", convert(text, column.sqlType(), mode));
        }
        return switch (column.type()) {
            case STRING -> new SqlText().add(text);
            case OBJECT -> new SqlText().add("CASE WHEN jsonb_typeof(" + x + ") = 'object' THEN " + x + " END");
            case ARRAY -> new SqlText().add("CASE WHEN jsonb_typeof(" + x + ") = 'array' THEN " + x + " END");
            case UNKNOWN -> new SqlText().add(x);
            case NUMBER ->
                when("jsonb_typeof(" + x + ") IN ('number', 'string')", convert(text, column.sqlType(), mode));
            case INTEGER -> when("jsonb_typeof(" + x + ") IN ('number', 'string')", integer(x, text, column, mode));
            case BOOLEAN -> when("jsonb_typeof(" + x + ") = 'boolean'", convert(text, column.sqlType(), mode));
            case DATE, TIME_WITHOUT_TIMEZONE, TIME_WITH_TIMEZONE, TIMESTAMP_WITHOUT_TIMEZONE, TIMESTAMP_WITH_TIMEZONE ->
                // only the ISO 8601 forms: Postgres would also read 'now', 'epoch', 'Jan 1 2020', '10000-01-01'...
                when(
                        "jsonb_typeof(" + x + ") = 'string' AND " + text + " ~ "
                                + ValueForms.temporalSql(column.type()),
                        convert(text, column.sqlType(), mode));
        };
    }

    /**
     * An integer in any decimal notation: plain digits (nearly all values) are cast directly; a fraction or
     * an exponent ({@code 42.0}, {@code "2E1"}, {@code "1.5e1"}) is read as {@code numeric} and kept when
     * it is an exact integer. Anything else (hex, underscores, NaN, words) is NULL on every Postgres version.
     * A JSON number's text is printed by jsonb without exponent, so one without a point skips the
     * regular expressions.
     */
    private static SqlText integer(String x, String text, TypedColumn column, CastMode mode) {
        SqlText number = convert(text, "numeric", mode);
        return new SqlText()
                .add("CASE WHEN (jsonb_typeof(" + x + ") = 'number' AND strpos(" + text + ", '.') = 0) OR " + text
                        + " ~ " + ValueForms.plainIntegerSql() + " THEN ")
                .add(convert(text, column.sqlType(), mode))
                .add(" WHEN " + text + " ~ " + ValueForms.decimalSql() + " THEN CASE WHEN ")
                .add(number)
                .add(" = trunc(")
                .add(number)
                .add(") THEN ")
                .add(convert(new SqlText().add("trunc(").add(number).add(")::text"), column.sqlType(), mode))
                .add(" END END");
    }

    private static SqlText when(String condition, SqlText value) {
        return new SqlText().add("CASE WHEN " + condition + " THEN ").add(value).add(" END");
    }

    private static SqlText convert(String text, String sqlType, CastMode mode) {
        return convert(new SqlText().add(text), sqlType, mode);
    }

    private static SqlText convert(SqlText text, String sqlType, CastMode mode) {
        return switch (mode) {
            case DIRECT -> new SqlText().add("CAST(").add(text).add(" AS " + sqlType + ")");
            case SAFE_FUNCTION ->
                new SqlText()
                        .add(SAFE_CAST + "(")
                        .add(text)
                        .add(", ")
                        .param(sqlType)
                        .add(", NULL::" + sqlType + ")");
            case INPUT_IS_VALID ->
                new SqlText()
                        .add("CASE WHEN pg_input_is_valid(")
                        .add(text)
                        .add(", ")
                        .param(sqlType)
                        .add(") THEN CAST(")
                        .add(text)
                        .add(" AS " + sqlType + ") END");
        };
    }
}

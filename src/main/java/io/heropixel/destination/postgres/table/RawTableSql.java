package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * SQL of raw tables and of the staging tables next to them: pure functions returning text. Identifiers are
 * quoted by {@link Identifier}; values are bind parameters.
 */
public final class RawTableSql {
    /** The raw columns a typed select reads, in this order. */
    public static final String RAW_COLUMNS =
            "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_generation_id, _airbyte_meta, _airbyte_data";

    private static final String NO_AUTOVACUUM = " WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false)";
    /** A number text whose numeric cast cannot fail (exponent at most 3 digits; the length is checked apart). */
    private static final String NUMBER_TEXT =
            "'^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]{1,3})?[[:space:]]*$'";

    private RawTableSql() {}

    /**
     * The raw table, compatible with Airbyte destination-postgres 2.x. No primary key and no index on the
     * random {@code _airbyte_raw_id} (it slows the load down); a partial index finds unprocessed rows.
     */
    public static String create(QualifiedName table) {
        return "CREATE TABLE IF NOT EXISTS " + table.quoted() + " ("
                + "_airbyte_raw_id VARCHAR NOT NULL, "
                + "_airbyte_data JSONB, "
                + "_airbyte_extracted_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, "
                + "_airbyte_loaded_at TIMESTAMP WITH TIME ZONE DEFAULT NULL, "
                + "_airbyte_meta JSONB, "
                + "_airbyte_generation_id BIGINT)";
    }

    /** COPY of raw rows in text format; the column list guards against column-order drift. */
    public static String copy(QualifiedName table) {
        return "COPY " + table.quoted()
                + " (_airbyte_raw_id, _airbyte_extracted_at, _airbyte_loaded_at, _airbyte_data, _airbyte_meta,"
                + " _airbyte_generation_id) FROM STDIN";
    }

    /** COPY of raw rows in binary format (see {@code load.RawRowEncoder}), same columns as {@link #copy}. */
    public static String copyBinary(QualifiedName table) {
        return copy(table) + " (FORMAT binary)";
    }

    /**
     * COPY of rows typed while loading, in binary format: the columns in order, then the meta columns
     * (see {@code load.RecordTyper}).
     */
    public static String copyTyped(QualifiedName table, List<TypedColumn> columns) {
        return "COPY " + table.quoted() + " (" + FinalTableSql.columnList(columns) + ") FROM STDIN (FORMAT binary)";
    }

    /** The partial index that finds rows not yet typed. */
    public static String createUnprocessedIndex(Identifier index, QualifiedName raw) {
        return "CREATE INDEX IF NOT EXISTS " + index.quoted() + " ON " + raw.quoted()
                + " (_airbyte_extracted_at) WHERE _airbyte_loaded_at IS NULL";
    }

    /** A raw row (of table alias {@code alias}, "" or "d.") is a CDC deletion record. */
    /**
     * The normalised text of a key property, the match of the lookup: a number text (JSON number or string,
     * any notation, up to 1000 characters and a three-digit exponent, so the cast can never fail) becomes
     * the text of its numeric value without trailing fraction zeros ({@code 1.0}, {@code "1e0"} -> {@code
     * 1}); any other value keeps its text. Immutable, so it is also the index expression; {@code text}
     * supplies the key's text ({@code _airbyte_data ->> <name>}) each time it is used.
     */
    public static SqlText keyText(Supplier<SqlText> text) {
        return new SqlText()
                .add("CASE WHEN length(")
                .add(text.get())
                .add(") <= 1000 AND ")
                .add(text.get())
                .add(" ~ " + NUMBER_TEXT + " THEN CASE WHEN strpos((")
                .add(text.get())
                .add(")::numeric::text, '.') = 0 THEN (")
                .add(text.get())
                .add(")::numeric::text ELSE rtrim(rtrim((")
                .add(text.get())
                .add(")::numeric::text, '0'), '.') END ELSE ")
                .add(text.get())
                .add(" END");
    }

    /**
     * The expressions of the deletion index, for {@code format}: key {@code i} is argument {@code
     * firstArgument + i}, quoted by {@code %L}.
     */
    static String indexExpressions(int keys, int firstArgument) {
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String argument = "(_airbyte_data ->> %" + (firstArgument + i) + "$L)";
            expressions.add(
                    "(" + keyText(() -> new SqlText().add(argument)).bound().sql() + ")");
        }
        return String.join(", ", expressions);
    }

    /**
     * 1 when the deletion index exists with an older expression (the raw key text, before keys were
     * normalised), else 0.
     */
    public static BoundSql outdatedIndexSql(QualifiedName index) {
        return BoundSql.around(
                "SELECT (COALESCE(strpos(pg_get_indexdef(to_regclass(", index.quoted(), ")), 'rtrim'), 1) = 0)::int");
    }

    public static String isDeletion(String alias) {
        return "jsonb_typeof(" + alias + "_airbyte_data -> '_ab_cdc_deleted_at') <> 'null'";
    }

    /**
     * The partial index on the primary key of CDC deletion records, for the anti-resurrection lookup. An
     * index expression cannot take parameters, so this is a query: Postgres itself quotes the bound names
     * ({@code format} with {@code %I} and {@code %L}) and returns the DDL to run. Binds: index name, schema,
     * table, then each primary-key property name. The expressions are the normalised key texts
     * ({@link #keyText}).
     */
    public static BoundSql createDeletionIndexDdlQuery(Identifier index, QualifiedName raw, List<String> primaryKey) {
        SqlText query = new SqlText()
                .add("SELECT format(")
                .param("CREATE INDEX IF NOT EXISTS %1$I ON %2$I.%3$I (" + indexExpressions(primaryKey.size(), 4)
                        + ") WHERE " + isDeletion(""))
                .add(", ")
                .param(index.name())
                .add(", ")
                .param(raw.schema().name())
                .add(", ")
                .param(raw.table().name());
        for (String key : primaryKey) {
            query.add(", ").param(key);
        }
        return query.add(")").bound();
    }

    /**
     * The staging table of rows typed while loading: the final table's columns, no index, and no
     * autovacuum (it is emptied by every typing pass; vacuuming it while it fills only costs CPU).
     */
    public static String createStaging(QualifiedName staging, QualifiedName finalTable) {
        return "CREATE TABLE " + staging.quoted() + " (LIKE " + finalTable.quoted() + ")" + NO_AUTOVACUUM;
    }

    /**
     * Deletes the staged rows a truncating stream of generation {@code generation} replaces: those of other
     * generations, or every row for generation 0 (never a resumed attempt).
     */
    public static BoundSql deleteStagedOfOtherGenerations(QualifiedName staging, long generation) {
        if (generation == 0) {
            return new BoundSql("DELETE FROM " + staging.quoted(), List.of());
        }
        return new BoundSql(
                "DELETE FROM " + staging.quoted() + " WHERE _airbyte_generation_id IS DISTINCT FROM ?::bigint",
                List.of(Long.toString(generation)));
    }

    /** A staging table that becomes a final table gets the default autovacuum back. */
    public static String resetAutovacuum(QualifiedName table) {
        return "ALTER TABLE " + table.quoted() + " RESET (autovacuum_enabled, toast.autovacuum_enabled)";
    }

    /** Marks every raw row as not yet typed, so a freshly created final table receives all of them. */
    public static String resetLoadedAt(QualifiedName raw) {
        return "UPDATE " + raw.quoted() + " SET _airbyte_loaded_at = NULL WHERE _airbyte_loaded_at IS NOT NULL";
    }

    /**
     * Raw rows whose typed rows were left in a staging table by an interrupted sync are marked not typed,
     * so typing takes them from the raw table again.
     */
    public static String resetLoadedAtOfStaged(QualifiedName raw, QualifiedName staging) {
        return resetLoadedAt(raw) + " AND _airbyte_raw_id IN (SELECT _airbyte_raw_id FROM " + staging.quoted() + ")";
    }

    /** Marks the raw rows of the generations found in {@code typedInto} as not yet typed. */
    public static String resetLoadedAtOfGenerations(QualifiedName raw, QualifiedName typedInto) {
        return "UPDATE " + raw.quoted() + " SET _airbyte_loaded_at = NULL WHERE _airbyte_generation_id IN (SELECT"
                + " DISTINCT _airbyte_generation_id FROM " + typedInto.quoted() + ")";
    }

    /** Raw rows of an interrupted truncate moved into the raw table, to be typed again. */
    public static String moveRows(QualifiedName source, QualifiedName target) {
        String columns = "_airbyte_raw_id, _airbyte_data, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id";
        return "INSERT INTO " + target.quoted() + " (" + columns + ") SELECT " + columns + " FROM " + source.quoted();
    }
}

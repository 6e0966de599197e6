package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SqlText;
import io.heropixel.destination.postgres.table.FinalTableSql;
import io.heropixel.destination.postgres.table.RawTableSql;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.List;

/**
 * SQL of the typing pass that every stream shares (append, marking raw rows typed, the safe cast): pure
 * functions returning text; raw values are read in the database and never part of the text.
 */
public final class TypingSql {
    private TypingSql() {}

    /**
     * {@code pg_temp.airbyte_safe_cast(text, type name, NULL::type)}: the value cast to the type, or NULL
     * when it does not fit. PL/pgSQL with an exception block; works on Postgres 9.6 and later. Needs the
     * TEMPORARY privilege.
     */
    public static String createSafeCastFunction() {
        return "CREATE OR REPLACE FUNCTION " + TypedSelect.SAFE_CAST
                + """
                (_in text, _type text, INOUT _out anyelement) AS $airbyte$
                BEGIN
                  EXECUTE 'SELECT CAST($1 AS ' || _type || ')' INTO _out USING _in;
                EXCEPTION WHEN others THEN
                  _out := NULL;
                END;
                $airbyte$ LANGUAGE plpgsql""";
    }

    /** A local temp table for typed rows on their way to a table Citus distributes (see TypingPass). */
    static final QualifiedName LOCAL_TYPED = QualifiedName.of("pg_temp", "_airbyte_typed");

    /** Creates {@link #LOCAL_TYPED} empty, with the target's columns, dropped at commit. */
    static String createLocalTyped(QualifiedName target) {
        return "CREATE TEMP TABLE " + LOCAL_TYPED.table().quoted() + " ON COMMIT DROP AS SELECT * FROM "
                + target.quoted() + " WITH NO DATA";
    }

    /** Moves the rows of {@link #LOCAL_TYPED} into the target. */
    static String moveLocalTyped(QualifiedName target, List<TypedColumn> columns) {
        String list = FinalTableSql.columnList(columns);
        return "INSERT INTO " + target.quoted() + " (" + list + ") SELECT " + list + " FROM " + LOCAL_TYPED.quoted();
    }

    /**
     * Append: types every unprocessed raw row into the target. Returns one row: rows inserted, values
     * nulled by type errors.
     */
    public static BoundSql insertAppend(
            QualifiedName target, QualifiedName raw, List<TypedColumn> columns, CastMode mode) {
        return new SqlText()
                .add("WITH _ab_inserted AS (INSERT INTO " + target.quoted() + " (" + FinalTableSql.columnList(columns)
                        + ") ")
                .add(TypedSelect.select(unprocessedRows(raw), columns, mode))
                .add(countInserted())
                .bound();
    }

    /** The unprocessed raw rows as a FROM item. */
    static SqlText unprocessedRows(QualifiedName raw) {
        return new SqlText()
                .add("(SELECT " + RawTableSql.RAW_COLUMNS + " FROM " + raw.quoted()
                        + " WHERE _airbyte_loaded_at IS NULL) AS _ab_raw");
    }

    /** Ends a {@code WITH _ab_inserted AS (INSERT ...}: one row, rows inserted and values nulled. */
    static String countInserted() {
        return " RETURNING " + nulledCount("_airbyte_meta") + " AS _ab_nulled)"
                + " SELECT count(*), COALESCE(sum(_ab_nulled), 0) FROM _ab_inserted";
    }

    /** Marks the rows of this transaction's snapshot as typed. */
    public static String markLoaded(QualifiedName raw) {
        return "UPDATE " + raw.quoted() + " SET _airbyte_loaded_at = now() WHERE _airbyte_loaded_at IS NULL";
    }

    /**
     * {@code direct_load}: deletes the side table's rows just typed (those not marked loaded); with {@code
     * keepDeletions}, CDC deletion records stay (to be marked typed), so the deletion lookup still finds
     * them when an older version of their key arrives later.
     */
    public static String deleteUnloaded(QualifiedName side, boolean keepDeletions) {
        return "DELETE FROM " + side.quoted() + " WHERE _airbyte_loaded_at IS NULL"
                + (keepDeletions ? " AND NOT COALESCE(" + RawTableSql.isDeletion("") + ", false)" : "");
    }

    /** Raw rows not yet typed (one row, one count); with index-only settings through the partial index. */
    public static String countUnprocessed(QualifiedName raw) {
        return "SELECT count(*) FROM " + raw.quoted() + " WHERE _airbyte_loaded_at IS NULL";
    }

    /** Rows of a staging table and values nulled by type errors in them (one row, two numbers). */
    public static String countStaged(QualifiedName staging) {
        return "SELECT count(*), COALESCE(sum(" + nulledCount("_airbyte_meta") + "), 0) FROM " + staging.quoted();
    }

    /** Changes of type errors in one meta value; rows without changes (nearly all) skip the subquery. */
    static String nulledCount(String meta) {
        return "CASE WHEN " + meta + " -> 'changes' = '[]'::jsonb THEN 0 ELSE"
                + " (SELECT count(*) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(" + meta
                + " -> 'changes') = 'array' THEN " + meta + " -> 'changes' ELSE '[]'::jsonb END) AS _ab_e"
                + " WHERE _ab_e ->> 'reason' = 'DESTINATION_TYPECAST_ERROR') END";
    }
}

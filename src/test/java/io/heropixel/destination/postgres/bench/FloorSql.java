package io.heropixel.destination.postgres.bench;

import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plain SQL of the floor: the Airbyte raw-table layout, a COPY into it, and the statements that type
 * (and for dedup deduplicate with DISTINCT ON over key and cursor) the raw rows into a typed final table.
 */
final class FloorSql {
    static final String SCHEMA = "bench_floor";
    static final String COPY_COLUMNS = "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_loaded_at, _airbyte_data,"
            + " _airbyte_meta, _airbyte_generation_id";
    private static final String META_COLUMNS =
            "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id";

    private final Shape shape;
    private final Mode mode;

    FloorSql(Shape shape, Mode mode) {
        this.shape = shape;
        this.mode = mode;
    }

    static QualifiedName table(String name) {
        return QualifiedName.of(SCHEMA, name);
    }

    static String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS " + Identifier.of(SCHEMA).quoted();
    }

    static String dropSchema() {
        return "DROP SCHEMA IF EXISTS " + Identifier.of(SCHEMA).quoted() + " CASCADE";
    }

    static String createRaw(QualifiedName raw) {
        return "CREATE TABLE " + raw.quoted() + " (_airbyte_raw_id VARCHAR NOT NULL, _airbyte_data JSONB,"
                + " _airbyte_extracted_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,"
                + " _airbyte_loaded_at TIMESTAMP WITH TIME ZONE DEFAULT NULL, _airbyte_meta JSONB,"
                + " _airbyte_generation_id BIGINT)";
    }

    static String copy(QualifiedName raw) {
        return "COPY " + raw.quoted() + " (" + COPY_COLUMNS + ") FROM STDIN";
    }

    String createFinal(QualifiedName table) {
        String columns = shape.columns().stream()
                .map(c -> Identifier.of(c.name()).quoted() + " " + c.kind().sqlType())
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + table.quoted() + " (_airbyte_raw_id VARCHAR NOT NULL,"
                + " _airbyte_extracted_at TIMESTAMP WITH TIME ZONE NOT NULL, _airbyte_meta JSONB NOT NULL,"
                + " _airbyte_generation_id BIGINT, " + columns + ")";
    }

    /** Types every raw row (dedup: the latest row per key) into the final table. */
    String insertTyped(QualifiedName raw, QualifiedName table) {
        return "INSERT INTO " + table.quoted() + " (" + allColumns() + ") " + typedRows(raw);
    }

    /** The non-unique key + cursor index a dedup final table carries. */
    String createDedupIndex(QualifiedName table) {
        return "CREATE INDEX ON " + table.quoted() + " (" + key() + ", " + cursor() + ")";
    }

    /**
     * Merges the typed, deduplicated rows of a change table into a deduplicated final table: deletes each
     * key's older row and inserts the change unless the table holds a newer one.
     */
    String mergeChanges(QualifiedName changes, QualifiedName table) {
        String t = table.quoted();
        return "WITH n AS (" + typedRows(changes) + "), d AS (DELETE FROM " + t + " f USING n WHERE f." + key()
                + " = n." + key() + " AND f." + cursor() + " <= n." + cursor() + ") INSERT INTO " + t + " ("
                + allColumns() + ") SELECT * FROM n WHERE NOT EXISTS (SELECT 1 FROM " + t + " f WHERE f." + key()
                + " = n." + key() + " AND f." + cursor() + " > n." + cursor() + ")";
    }

    /** The typed rows of a raw table, to a COPY text file (the typed floor renders its input this way). */
    String copyOutTyped(QualifiedName raw) {
        return "COPY (" + typedSelect(raw) + ") TO STDOUT";
    }

    /** A COPY of typed rows into a final-shaped table. */
    String copyTyped(QualifiedName table) {
        return "COPY " + table.quoted() + " (" + allColumns() + ") FROM STDIN";
    }

    /** The latest row per key of a staging table into the final table. */
    String insertLatest(QualifiedName staging, QualifiedName table) {
        return "INSERT INTO " + table.quoted() + " (" + allColumns() + ") SELECT DISTINCT ON (" + key() + ") "
                + allColumns() + " FROM " + staging.quoted() + " ORDER BY " + key() + ", " + cursor()
                + " DESC NULLS LAST, _airbyte_extracted_at DESC";
    }

    private String typedSelect(QualifiedName raw) {
        return "SELECT " + META_COLUMNS + ", "
                + shape.columns().stream()
                        .map(c -> c.kind().extract(c.literal()) + " AS "
                                + Identifier.of(c.name()).quoted())
                        .collect(Collectors.joining(", "))
                + " FROM " + raw.quoted();
    }

    private String typedRows(QualifiedName raw) {
        String typed = typedSelect(raw);
        if (mode == Mode.APPEND) {
            return typed;
        }
        return "SELECT DISTINCT ON (" + key() + ") * FROM (" + typed + ") t ORDER BY " + key() + ", " + cursor()
                + " DESC NULLS LAST, _airbyte_extracted_at DESC";
    }

    private String allColumns() {
        List<String> names = shape.columns().stream()
                .map(c -> Identifier.of(c.name()).quoted())
                .toList();
        return META_COLUMNS + ", " + String.join(", ", names);
    }

    private static String key() {
        return Identifier.of(Shape.KEY).quoted();
    }

    private static String cursor() {
        return Identifier.of(Shape.CURSOR).quoted();
    }
}

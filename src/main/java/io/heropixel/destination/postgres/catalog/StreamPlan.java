package io.heropixel.destination.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the write path needs to know about one stream: the configured stream and the names of every
 * table and column the connector creates for it. All names are resolved (normalised, at most 63 bytes,
 * collision-free across the catalog) before any DDL runs.
 *
 * @param rawTable the raw table ({@code airbyte_internal.<ns>_raw__stream_<name>})
 * @param rawTempTable the raw table of a truncate refresh in progress ({@code <raw>_airbyte_tmp})
 * @param finalTable the typed final table
 * @param finalTempTable the final table of a truncate refresh or rebuild in progress ({@code <final>_airbyte_tmp})
 * @param columns the user columns in schema order (meta columns are not listed)
 * @param sideTable the raw-shaped table of {@code direct_load} ({@code <raw>_airbyte_direct}): only the
 *     records the JVM cannot type, until SQL types them; in direct mode it is also {@code rawTable}
 * @param direct true when the stream is written in {@code direct_load} mode: {@code rawTable} and {@code
 *     rawTempTable} are then the side table and its temp table, and the raw table is not written
 * @param namedRawTable the stream's raw table by its naming rule: {@code rawTable} unless {@code direct}
 */
public record StreamPlan(
        ConfiguredStream stream,
        QualifiedName rawTable,
        QualifiedName rawTempTable,
        QualifiedName finalTable,
        QualifiedName finalTempTable,
        List<ColumnPlan> columns,
        QualifiedName sideTable,
        boolean direct,
        QualifiedName namedRawTable) {

    public StreamPlan {
        requireNonNull(stream, "stream is null");
        requireNonNull(rawTable, "rawTable is null");
        requireNonNull(rawTempTable, "rawTempTable is null");
        requireNonNull(finalTable, "finalTable is null");
        requireNonNull(finalTempTable, "finalTempTable is null");
        columns = List.copyOf(columns);
        requireNonNull(sideTable, "sideTable is null");
        if (direct && !rawTable.equals(sideTable)) {
            throw new IllegalArgumentException("a direct plan writes its side table as its raw table");
        }
        if (!direct && !rawTable.equals(namedRawTable)) {
            throw new IllegalArgumentException("a raw plan writes its raw table");
        }
    }

    /**
     * The plan a direct stream's typing pass uses to type what its raw table still holds from before {@code
     * direct_load} (rows not typed, rows staged): as in raw mode, marking the raw rows typed. Only for that
     * pass; its raw temp table is not named.
     */
    public StreamPlan leftoverRawPlan() {
        return new StreamPlan(
                stream,
                namedRawTable,
                namedRawTable,
                finalTable,
                finalTempTable,
                columns,
                sideTable,
                false,
                namedRawTable);
    }

    public StreamDescriptor descriptor() {
        return stream.descriptor();
    }

    /**
     * The columns of the primary key, in key order. Throws a config error when a key field is not a
     * top-level property of the stream's schema.
     */
    public List<Identifier> primaryKeyColumns() {
        List<Identifier> key = new ArrayList<>();
        for (String field : stream.primaryKey()) {
            key.add(column(field)
                    .orElseThrow(() -> new ConfigException("The primary key field '" + field
                            + "' of stream " + descriptor() + " is not a property of its schema. Choose a primary key"
                            + " among the stream's top-level properties.")));
        }
        return key;
    }

    /** The cursor's column, when the stream has a cursor that is a top-level property. */
    public Optional<Identifier> cursorColumn() {
        return stream.cursor().flatMap(this::column);
    }

    /**
     * What a dedup stream keeps one row per, as its key index lists it: the primary key's columns, then the
     * cursor's; empty when the stream does not deduplicate.
     */
    public List<Identifier> dedupKey() {
        if (!stream.deduplicates()) {
            return List.of();
        }
        List<Identifier> key = primaryKeyColumns();
        cursorColumn().ifPresent(key::add);
        return key;
    }

    /**
     * The {@code _ab_cdc_deleted_at} column when the stream applies CDC deletions (hard deletes): a dedup
     * stream with that column; otherwise empty.
     */
    public Optional<Identifier> cdcDeletedAtColumn() {
        return stream.deduplicates() && stream.hasCdcDeletedAt() ? column("_ab_cdc_deleted_at") : Optional.empty();
    }

    /** True when the stream applies CDC deletions (see {@link #cdcDeletedAtColumn}). */
    public boolean appliesDeletions() {
        return stream.deduplicates() && stream.hasCdcDeletedAt();
    }

    private Optional<Identifier> column(String field) {
        return columns.stream()
                .filter(col -> col.originalName().equals(field))
                .findFirst()
                .map(ColumnPlan::column);
    }
}

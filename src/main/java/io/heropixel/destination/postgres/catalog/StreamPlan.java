package io.heropixel.destination.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.naming.QualifiedName;
import java.util.List;

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
 */
public record StreamPlan(
        ConfiguredStream stream,
        QualifiedName rawTable,
        QualifiedName rawTempTable,
        QualifiedName finalTable,
        QualifiedName finalTempTable,
        List<ColumnPlan> columns) {

    public StreamPlan {
        requireNonNull(stream, "stream is null");
        requireNonNull(rawTable, "rawTable is null");
        requireNonNull(rawTempTable, "rawTempTable is null");
        requireNonNull(finalTable, "finalTable is null");
        requireNonNull(finalTempTable, "finalTempTable is null");
        columns = List.copyOf(columns);
    }

    public StreamDescriptor descriptor() {
        return stream.descriptor();
    }
}

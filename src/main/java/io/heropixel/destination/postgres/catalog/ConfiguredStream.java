package io.heropixel.destination.postgres.catalog;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured stream of the catalog, validated.
 *
 * @param columns top-level schema properties in schema order: original property name to type
 * @param primaryKey top-level primary-key property names (empty unless dedup)
 * @param cursor top-level cursor property name, if any
 */
public record ConfiguredStream(
        StreamDescriptor descriptor,
        DestinationSyncMode destinationSyncMode,
        List<String> primaryKey,
        Optional<String> cursor,
        long generationId,
        long minimumGenerationId,
        long syncId,
        Map<String, AirbyteType> columns) {

    public ConfiguredStream {
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(destinationSyncMode, "destinationSyncMode is null");
        primaryKey = List.copyOf(primaryKey);
        requireNonNull(cursor, "cursor is null");
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * True when the previous contents are replaced at the end of a complete sync: plain {@code overwrite}
     * (platforms without refreshes) or a truncate refresh ({@code minimum_generation_id == generation_id > 0}).
     */
    public boolean truncates() {
        return destinationSyncMode == DestinationSyncMode.OVERWRITE
                || (minimumGenerationId == generationId && minimumGenerationId > 0);
    }

    public boolean deduplicates() {
        return destinationSyncMode == DestinationSyncMode.APPEND_DEDUP;
    }

    /** True when the schema has the CDC deletion marker column, so deletes are applied on dedup. */
    public boolean hasCdcDeletedAt() {
        return columns.containsKey("_ab_cdc_deleted_at");
    }
}

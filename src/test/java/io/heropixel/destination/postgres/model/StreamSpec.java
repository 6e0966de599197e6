package io.heropixel.destination.postgres.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configured stream of one sync: its descriptor, sync mode, key, schema (property name to type, in
 * schema order) and the platform's generation and sync ids.
 */
record StreamSpec(
        String namespace,
        String name,
        String mode,
        List<String> primaryKey,
        String cursor,
        LinkedHashMap<String, ColType> columns,
        long generationId,
        long minimumGenerationId,
        long syncId) {

    static final String CDC_DELETED_AT = "_ab_cdc_deleted_at";

    /** namespace/name: the stream's identity across syncs. */
    String key() {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    boolean dedups() {
        return mode.equals("append_dedup");
    }

    /** overwrite, or a truncate refresh (minimum generation == generation &gt; 0). */
    boolean truncates() {
        return mode.equals("overwrite") || minimumGenerationId > 0 && minimumGenerationId == generationId;
    }

    boolean appliesCdcDeletes() {
        return dedups() && columns.containsKey(CDC_DELETED_AT);
    }

    /** The dedup key a final table is recorded with: primary key then cursor. */
    List<String> dedupKey() {
        List<String> key = new java.util.ArrayList<>(primaryKey);
        if (cursor != null) {
            key.add(cursor);
        }
        return key;
    }

    StreamSpec withColumns(Map<String, ColType> newColumns) {
        return new StreamSpec(
                namespace,
                name,
                mode,
                primaryKey,
                cursor,
                new LinkedHashMap<>(newColumns),
                generationId,
                minimumGenerationId,
                syncId);
    }

    @Override
    public String toString() {
        return key() + " " + mode + " pk=" + primaryKey + " cursor=" + cursor + " gen=" + generationId + "/min="
                + minimumGenerationId + " sync=" + syncId + " " + columns;
    }
}

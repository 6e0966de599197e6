package io.heropixel.destination.postgres.model;

import io.heropixel.destination.postgres.config.CdcDeletionMode;
import java.util.List;

/**
 * A seeded sequence of syncs against one database, with the config's {@code schema}, {@code
 * raw_data_schema} and {@code cdc_deletion_mode} (hard delete: the key is left out of the config, so the
 * default is used).
 */
record History(
        long seed,
        List<SyncSpec> syncs,
        String schema,
        String rawDataSchema,
        CdcDeletionMode cdcDeletionMode,
        boolean directLoad) {

    /** With the default {@code schema} (public) and {@code raw_data_schema} (airbyte_internal), hard deletes. */
    History(long seed, List<SyncSpec> syncs) {
        this(seed, syncs, "public", "airbyte_internal");
    }

    /** Hard deletes (the default {@code cdc_deletion_mode}). */
    History(long seed, List<SyncSpec> syncs, String schema, String rawDataSchema) {
        this(seed, syncs, schema, rawDataSchema, CdcDeletionMode.HARD_DELETE, false);
    }

    History withSyncs(List<SyncSpec> newSyncs) {
        return new History(seed, newSyncs, schema, rawDataSchema, cdcDeletionMode, directLoad);
    }

    History withCdcDeletionMode(CdcDeletionMode mode) {
        return new History(seed, syncs, schema, rawDataSchema, mode, directLoad);
    }

    /** With {@code direct_load} on or off (off: the key is left out of the config). */
    History withDirectLoad(boolean direct) {
        return new History(seed, syncs, schema, rawDataSchema, cdcDeletionMode, direct);
    }

    int recordCount() {
        return syncs.stream()
                .mapToInt(s -> (int) s.events().stream().filter(Event::isRecord).count())
                .sum();
    }

    /**
     * A one-line summary of what the history exercises: endings (C complete, I incomplete, N no status,
     * K killed, E killed at the end), truncating streams, CDC deletes, NULL keys.
     */
    String summary() {
        StringBuilder out = new StringBuilder();
        int truncates = 0;
        int deletes = 0;
        int nullKeys = 0;
        for (SyncSpec s : syncs) {
            out.append(
                    s.ending() == Ending.KILLED_AT_END ? 'E' : s.ending().name().charAt(0));
            truncates +=
                    (int) s.streams().stream().filter(StreamSpec::truncates).count();
            for (Event e : s.events()) {
                if (e.isRecord()) {
                    var d = e.data().get(StreamSpec.CDC_DELETED_AT);
                    deletes +=
                            d != null && !d.isNull() && s.stream(e.streamKey()).appliesCdcDeletes() ? 1 : 0;
                    nullKeys += e.data().path("id").isNull() ? 1 : 0;
                }
            }
        }
        boolean global = syncs.stream().flatMap(s -> s.events().stream()).anyMatch(Event::isGlobalState);
        return (global ? "GLOBAL states, " : "")
                + (cdcDeletionMode.keepsDeletionRows() ? "soft deletes, " : "")
                + (directLoad ? "direct load, " : "") + "endings " + out
                + ", truncating streams " + truncates
                + ", CDC deletes " + deletes + ", NULL ids " + nullKeys;
    }

    /** Every sync with its catalog, ending and events: what the report of a failure prints. */
    String describe() {
        StringBuilder out = new StringBuilder("history of seed " + seed + " (" + syncs.size() + " syncs, schema "
                + schema + ", raw_data_schema " + rawDataSchema + ", cdc_deletion_mode " + cdcDeletionMode.value()
                + ", direct_load " + directLoad
                + ", " + recordCount() + " records)\n");
        for (int i = 0; i < syncs.size(); i++) {
            SyncSpec sync = syncs.get(i);
            out.append("sync ").append(i + 1).append(": ending ").append(sync.ending());
            if (sync.ending() != Ending.COMPLETE) {
                out.append(" after ").append(sync.cut()).append(" messages");
            }
            out.append('\n');
            for (StreamSpec s : sync.streams()) {
                out.append("  stream ").append(s).append('\n');
            }
            for (Event e : sync.events()) {
                out.append("    ").append(e).append('\n');
            }
        }
        return out.toString();
    }
}

package io.heropixel.destination.postgres.model;

import io.heropixel.destination.postgres.config.CdcDeletionMode;
import io.heropixel.destination.postgres.model.Rows.RawRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference model: the expected contents of every raw and final table after each attempt, and the
 * expected stdout (the STATEs echoed), from the catalog, the input and how the attempt ended. Plain Java,
 * no SQL; the rules are those of docs/write-path.md, refreshes.md, naming.md and type-mapping.md.
 */
final class Model {
    final ModelNames names;
    final Map<String, StreamTables> streams = new LinkedHashMap<>();
    /**
     * {@code cdc_deletion_mode} "Soft delete": a winning CDC deletion record of a dedup stream stays as its
     * key's row instead of removing it (docs/write-path.md, CDC deletions).
     */
    final boolean softDeletes;
    /**
     * {@code direct_load}: no raw table is written (only CDC deletion records stay in the side table, read
     * again like raw rows), and a key change deduplicates the final table in place.
     */
    final boolean direct;

    private long passes;

    /**
     * An empty database for a config with this {@code schema}, {@code raw_data_schema} and {@code
     * cdc_deletion_mode}.
     */
    Model(String defaultSchema, String rawDataSchema, CdcDeletionMode cdcDeletionMode, boolean direct) {
        names = new ModelNames(defaultSchema, rawDataSchema);
        softDeletes = cdcDeletionMode.keepsDeletionRows();
        this.direct = direct;
    }

    /** Hard deletes. */
    Model(String defaultSchema, String rawDataSchema) {
        this(defaultSchema, rawDataSchema, CdcDeletionMode.HARD_DELETE, false);
    }

    Model() {
        this("public", "airbyte_internal");
    }

    long nextPass() {
        return ++passes;
    }

    /**
     * Applies one attempt and returns the STATE lines it must echo, in order. A killed attempt applies only
     * what was acknowledged ({@code acknowledged}: the events up to the last echoed state of each stream);
     * its typing happens in the retry, and nothing completes.
     */
    List<String> apply(SyncSpec sync, Attempt attempt, List<Event> acknowledged) {
        names.register(sync.streams());
        for (StreamSpec spec : sync.streams()) {
            streams.computeIfAbsent(spec.key(), k -> new StreamTables()).setup(spec, this);
        }
        List<Event> loaded = new java.util.ArrayList<>(attempt.killed() ? acknowledged : attempt.events());
        loaded.addAll(attempt.window());
        for (Event e : loaded) {
            if (e.isRecord()) {
                StreamSpec spec = sync.stream(e.streamKey());
                streams.get(e.streamKey())
                        .rawTarget()
                        .add(new RawRow(
                                e.data(),
                                e.emittedAt(),
                                spec.generationId(),
                                spec.syncId(),
                                attempt.window().contains(e)));
            }
        }
        if (!attempt.killed()) {
            for (StreamSpec spec : sync.streams()) {
                streams.get(spec.key()).typeAtEnd(spec, this);
            }
            for (StreamSpec spec : sync.streams()) {
                if (completed(sync, attempt, spec)) {
                    streams.get(spec.key()).complete(spec);
                }
            }
        }
        return echoes(attempt.events());
    }

    /**
     * What a killed attempt left in the final tables ({@code generations}: stream key to the generations of
     * the rows its final table holds): rows typed while loading before the kill, which the next attempt's
     * setup sees (docs/refreshes.md: a final table is judged by whether it is empty or of this generation).
     */
    void killedAttemptLeft(Map<String, java.util.Set<Long>> generations) {
        generations.forEach((key, held) -> {
            StreamTables tables = streams.get(key);
            if (tables != null) {
                tables.untypedByModel = held;
            }
        });
    }

    /**
     * A stream completed when it got COMPLETE; with no status at all in the input, when stdin ended normally
     * and every stream of the catalog has generation 0 (a platform that sends generation ids sends COMPLETE
     * for every stream of a successful source).
     */
    static boolean completed(SyncSpec sync, Attempt attempt, StreamSpec spec) {
        if (attempt.statuses() == null) {
            return sync.streams().stream().allMatch(s -> s.generationId() == 0);
        }
        return "COMPLETE".equals(attempt.statuses().get(spec.key()));
    }

    /**
     * Each STATE echoed as sent, with recordCount = the stream's records since its previous state (for a
     * GLOBAL state: the records of all streams since the previous GLOBAL state).
     */
    static List<String> echoes(List<Event> events) {
        Map<String, Long> counts = new HashMap<>();
        List<String> out = new ArrayList<>();
        long sinceGlobal = 0;
        for (Event e : events) {
            if (e.isRecord()) {
                counts.merge(e.streamKey(), 1L, Long::sum);
                sinceGlobal++;
            } else if (e.isGlobalState()) {
                out.add(e.echo(sinceGlobal));
                sinceGlobal = 0;
            } else {
                out.add(e.echo(counts.getOrDefault(e.streamKey(), 0L)));
                counts.put(e.streamKey(), 0L);
            }
        }
        return out;
    }
}

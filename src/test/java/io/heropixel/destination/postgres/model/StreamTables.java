package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.model.Rows.FinalRow;
import io.heropixel.destination.postgres.model.Rows.RawRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected raw and final table of one stream, and the truncate in progress (its temp tables), changed
 * the way docs/write-path.md and docs/refreshes.md say: setup, loading, typing and deduplication,
 * completion.
 */
final class StreamTables {
    final List<RawRow> raw = new ArrayList<>();
    final List<FinalRow> finalRows = new ArrayList<>();
    /** Column name to type of the final table; null until it exists. */
    LinkedHashMap<String, ColType> finalColumns;
    /** The key (primary key + cursor) the final rows were deduplicated by; null when not deduplicated. */
    List<String> finalKey;
    /**
     * The generations of the rows the real final table held after a killed attempt (rows it typed while
     * loading, which the model types only in the retry); read by the next setup, then forgotten.
     */
    java.util.Set<Long> untypedByModel = java.util.Set.of();
    /** A truncate refresh in progress (its rows wait in temp tables or went straight to the real ones). */
    Truncate truncate;

    static final class Truncate {
        final long generation;
        final boolean rawDirect;
        final boolean finalDirect;
        final List<RawRow> tempRaw = new ArrayList<>();
        final List<FinalRow> tempFinal = new ArrayList<>();
        LinkedHashMap<String, ColType> tempColumns;

        Truncate(long generation, boolean rawDirect, boolean finalDirect) {
            this.generation = generation;
            this.rawDirect = rawDirect;
            this.finalDirect = finalDirect;
        }
    }

    /** What happens before any record is read (StreamSetup, TableLifecycle.prepareFinalTable). */
    void setup(StreamSpec spec, Model model) {
        java.util.Set<Long> heldAfterKill = untypedByModel;
        untypedByModel = java.util.Set.of();
        if (!spec.truncates()) {
            if (model.direct && truncate != null && !truncate.finalDirect) {
                // direct_load: the rows of the interrupted refresh's final temp table exist nowhere else
                keepTempFinal(spec, model);
            }
            if (truncate != null && !truncate.rawDirect) {
                // Switching to merge: the raw temp rows move into the raw table, to be typed again.
                truncate.tempRaw.forEach(r -> r.loaded = false);
                raw.addAll(truncate.tempRaw);
            }
            truncate = null;
            if (!spec.dedups()) {
                finalKey = null; // an append sync: switching back to dedup rebuilds
            }
            boolean existed = finalColumns != null;
            finalColumns = evolve(finalColumns, spec);
            boolean keyRecorded = finalKey != null || !finalRows.isEmpty() || !heldAfterKill.isEmpty();
            if (model.direct
                    && spec.dedups()
                    && existed
                    && keyRecorded
                    && !spec.dedupKey().equals(finalKey)) {
                dedupeInPlace(spec);
                if (spec.appliesCdcDeletes() && !model.softDeletes) {
                    finalRows.removeIf(FinalRow::deletion); // hard deletes: a deleted key has no row
                }
            } else if (spec.dedups()
                    && existed
                    && keyRecorded
                    && !spec.dedupKey().equals(finalKey)) {
                // Primary key or cursor changed, or the stream was not deduplicated: rebuild from raw. The
                // key is recorded by the table's key index (also when every row was deleted); a table
                // without one is rebuilt only when it holds rows.
                finalRows.clear();
                raw.forEach(r -> r.loaded = false);
                type(spec, model, raw, finalRows, finalColumns);
            }
            if (spec.dedups()) {
                finalKey = spec.dedupKey();
            }
            return;
        }
        long generation = spec.generationId();
        boolean resume = truncate != null && truncate.generation == generation && generation != 0;
        if (!resume) {
            // direct_load: raw is the side table (records not yet typed, CDC deletion records)
            boolean rawDirect =
                    raw.isEmpty() || generation != 0 && raw.stream().anyMatch(r -> r.generation == generation);
            boolean finalDirect = finalColumns == null
                    || finalRows.isEmpty() && heldAfterKill.isEmpty()
                    || generation != 0
                            && (heldAfterKill.contains(generation)
                                    || finalRows.stream().anyMatch(r -> r.generation() == generation));
            truncate = new Truncate(generation, rawDirect, finalDirect);
            if (!finalDirect && model.direct) {
                truncate.tempColumns = evolve(null, spec);
            } else if (!finalDirect) {
                truncate.tempColumns = evolve(null, spec);
                // A new final temp table gets every raw row of the generation typed again.
                List<RawRow> again = rawTarget().stream()
                        .filter(r -> r.generation == generation)
                        .toList();
                again.forEach(r -> r.loaded = false);
            }
        }
        if (truncate.finalDirect) {
            finalKey = spec.dedups() ? finalKey : null;
            finalColumns = evolve(finalColumns, spec);
        } else {
            truncate.tempColumns = evolve(truncate.tempColumns, spec);
        }
    }

    List<RawRow> rawTarget() {
        return truncate == null || truncate.rawDirect ? raw : truncate.tempRaw;
    }

    List<FinalRow> finalTarget() {
        return truncate == null || truncate.finalDirect ? finalRows : truncate.tempFinal;
    }

    LinkedHashMap<String, ColType> columnsTarget() {
        return truncate == null || truncate.finalDirect ? finalColumns : truncate.tempColumns;
    }

    /** The typing pass at the end of an attempt (complete or not). */
    void typeAtEnd(StreamSpec spec, Model model) {
        type(spec, model, rawTarget(), finalTarget(), columnsTarget());
    }

    /** Completion of a truncate: the temp tables replace the real ones. */
    void complete(StreamSpec spec) {
        if (truncate == null) {
            return;
        }
        if (!truncate.rawDirect) {
            raw.clear();
            raw.addAll(truncate.tempRaw);
        }
        if (!truncate.finalDirect) {
            finalRows.clear();
            finalRows.addAll(truncate.tempFinal);
            finalColumns = truncate.tempColumns;
        }
        finalKey = spec.dedups() ? spec.dedupKey() : null;
        truncate = null;
    }

    /**
     * direct_load, a dedup key change: the final rows are deduplicated again by the new key (newest by the
     * new cursor, then extraction time); rows merged away before do not come back.
     */
    private void dedupeInPlace(StreamSpec spec) {
        Map<String, String> names = ModelNames.columns(spec);
        Map<List<String>, FinalRow> newest = new LinkedHashMap<>();
        for (FinalRow f : finalRows) {
            List<String> key = new ArrayList<>();
            spec.primaryKey().forEach(p -> key.add(f.values().get(names.get(p))));
            Comparable<?> cursor = null;
            if (spec.cursor() != null) {
                String text = f.values().get(names.get(spec.cursor()));
                ColType type = finalColumns.get(names.get(spec.cursor()));
                cursor = text == null
                        ? null
                        : type == ColType.INTEGER || type == ColType.NUMBER ? new BigDecimal(text) : text;
            }
            FinalRow rekeyed = new FinalRow(
                    f.values(),
                    f.nulledFields(),
                    f.generation(),
                    f.syncId(),
                    f.emittedAt(),
                    f.pass(),
                    key,
                    cursor,
                    f.deletion(),
                    f.mayRepeat());
            newest.merge(key, rekeyed, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
        }
        finalRows.clear();
        finalRows.addAll(newest.values());
    }

    /**
     * direct_load, a stream that stopped truncating: the final temp table's rows join the final table (an
     * append stream's as they are, a dedup stream's merged by key like rows typed while loading).
     */
    private void keepTempFinal(StreamSpec spec, Model model) {
        if (!spec.dedups()) {
            finalRows.addAll(truncate.tempFinal);
            return;
        }
        for (FinalRow row : truncate.tempFinal) {
            List<FinalRow> versions = new ArrayList<>(List.of(row));
            finalRows.stream().filter(f -> f.key().equals(row.key())).forEach(versions::add);
            FinalRow winner = versions.stream().max(NEWEST).orElseThrow();
            finalRows.removeIf(f -> f.key().equals(row.key()));
            if (!(spec.appliesCdcDeletes() && winner.deletion() && !model.softDeletes)) {
                finalRows.add(winner.once());
            }
        }
    }

    /** Columns after the catalog of this sync: new columns added, changed ones evolved, none dropped. */
    private static LinkedHashMap<String, ColType> evolve(LinkedHashMap<String, ColType> existing, StreamSpec spec) {
        LinkedHashMap<String, ColType> columns =
                existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing);
        ModelNames.columns(spec).forEach((property, column) -> {
            ColType wanted = spec.columns().get(property);
            columns.put(
                    column, columns.containsKey(column) ? columns.get(column).evolveTo(wanted) : wanted);
        });
        return columns;
    }

    /** Types every raw row not yet loaded into {@code target}; returns whether there was any. */
    private static boolean type(
            StreamSpec spec,
            Model model,
            List<RawRow> rawRows,
            List<FinalRow> target,
            LinkedHashMap<String, ColType> columns) {
        List<RawRow> fresh = rawRows.stream().filter(r -> !r.loaded).toList();
        if (fresh.isEmpty()) {
            return false;
        }
        long pass = model.nextPass();
        Map<String, String> names = ModelNames.columns(spec);
        List<FinalRow> typed = new ArrayList<>();
        for (RawRow r : fresh) {
            r.loaded = true;
            r.typed = typeRow(spec, names, columns, r, pass);
            typed.add(r.typed);
        }
        if (model.direct) {
            // the side table keeps only the CDC deletion records of a stream that applies them
            rawRows.removeIf(r -> r.loaded && !(spec.appliesCdcDeletes() && r.typed.deletion()));
        }
        if (!spec.dedups()) {
            target.addAll(typed);
            return true;
        }
        Map<List<String>, List<FinalRow>> candidates = new LinkedHashMap<>();
        for (FinalRow row : typed) {
            candidates.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<List<String>, List<FinalRow>> e : candidates.entrySet()) {
            List<FinalRow> versions = e.getValue();
            target.stream().filter(f -> f.key().equals(e.getKey())).forEach(versions::add);
            if (spec.appliesCdcDeletes()) {
                // Earlier deletion records of the key are read again, so an older version cannot come back.
                // They are typed as the SQL reads them: with the stream's current key, cursor and columns.
                rawRows.stream()
                        .filter(r -> r.typed != null && r.typed.deletion() && r.typed.pass() != pass)
                        .map(r -> typeRow(spec, names, columns, r, r.typed.pass()))
                        .filter(d -> d.key().equals(e.getKey()))
                        .forEach(versions::add);
            }
            FinalRow winner = versions.stream().max(NEWEST).orElseThrow();
            target.removeIf(f -> f.key().equals(e.getKey()));
            // hard delete: a winning deletion record removes its key; soft delete keeps it as the key's row
            if (!(spec.appliesCdcDeletes() && winner.deletion() && !model.softDeletes)) {
                target.add(winner.once());
            }
        }
        return true;
    }

    /** Cursor (NULL oldest), then extraction time, then the later typing pass. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<FinalRow> NEWEST = (a, b) -> {
        if (a.cursor() == null || b.cursor() == null) {
            if (a.cursor() != b.cursor()) {
                return a.cursor() == null ? -1 : 1;
            }
        } else {
            int c = ((Comparable) a.cursor()).compareTo(b.cursor());
            if (c != 0) {
                return c;
            }
        }
        int c = Long.compare(a.emittedAt(), b.emittedAt());
        return c != 0 ? c : Long.compare(a.pass(), b.pass());
    };

    private static FinalRow typeRow(
            StreamSpec spec, Map<String, String> names, Map<String, ColType> columns, RawRow r, long pass) {
        Map<String, String> values = new LinkedHashMap<>();
        columns.keySet().forEach(c -> values.put(c, null));
        List<String> nulled = new ArrayList<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            String text = ValueRules.type(r.data.get(e.getKey()), columns.get(e.getValue()));
            if (ValueRules.NULLED.equals(text)) {
                nulled.add(e.getKey());
                text = null;
            }
            values.put(e.getValue(), text);
        }
        List<String> key = new ArrayList<>();
        spec.primaryKey().forEach(p -> key.add(values.get(names.get(p))));
        Comparable<?> cursor = null;
        if (spec.cursor() != null) {
            String text = values.get(names.get(spec.cursor()));
            ColType type = columns.get(names.get(spec.cursor()));
            cursor = text == null
                    ? null
                    : type == ColType.INTEGER || type == ColType.NUMBER ? new BigDecimal(text) : text;
        }
        JsonNode deletedAt = r.data.get(StreamSpec.CDC_DELETED_AT);
        boolean deletion = deletedAt != null && !deletedAt.isNull();
        return new FinalRow(
                values,
                withOwnChanges(nulled, r.changes),
                r.generation,
                r.syncId,
                r.emittedAt,
                pass,
                key,
                cursor,
                deletion,
                r.mayRepeat);
    }

    /** The final row's changes: typing changes, then the raw row's own (cleaning) changes. */
    private static List<String> withOwnChanges(List<String> typing, List<String> own) {
        List<String> all = new ArrayList<>(typing);
        all.addAll(own);
        return all;
    }
}

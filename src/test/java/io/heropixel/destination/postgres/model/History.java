package io.heropixel.destination.postgres.model;

import java.util.List;

/** A seeded sequence of syncs against one database. */
record History(long seed, List<SyncSpec> syncs) {

    int recordCount() {
        return syncs.stream()
                .mapToInt(s -> (int) s.events().stream().filter(Event::isRecord).count())
                .sum();
    }

    /** Every sync with its catalog, ending and events: what the report of a failure prints. */
    String describe() {
        StringBuilder out = new StringBuilder(
                "history of seed " + seed + " (" + syncs.size() + " syncs, " + recordCount() + " records)\n");
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

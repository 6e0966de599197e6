package io.heropixel.destination.postgres.model;

import java.util.List;

/**
 * One sync: its catalog, every message the source sends (in order) and how the first attempt ends.
 * {@code cut} is the number of events the first attempt carries when it does not end with COMPLETE; the
 * retry is derived from what the first attempt echoed ({@link Platform#retry}).
 */
record SyncSpec(List<StreamSpec> streams, List<Event> events, Ending ending, int cut) {

    StreamSpec stream(String key) {
        return streams.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }
}

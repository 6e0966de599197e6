package io.heropixel.destination.postgres.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the platform sends: the first attempt of a sync (cut short when the source fails or the destination
 * is killed) and the retry after it, which resends, per stream, everything after the last STATE of that
 * stream the destination echoed (docs/guarantees.md, the at-least-once window). An overwrite stream of a
 * platform without generation ids (generation 0) cannot resume: its retry resends the whole stream.
 */
final class Platform {
    private Platform() {}

    static Attempt first(SyncSpec sync) {
        if (sync.ending() == Ending.COMPLETE) {
            return new Attempt(sync.events(), statuses(sync, Set.of()), false, Set.of());
        }
        List<Event> prefix = sync.events().subList(0, sync.cut());
        return switch (sync.ending()) {
            case INCOMPLETE -> {
                Set<String> unfinished = new HashSet<>();
                sync.events().subList(sync.cut(), sync.events().size()).forEach(e -> unfinished.add(e.streamKey()));
                yield new Attempt(prefix, statuses(sync, unfinished), false, Set.of());
            }
            case NO_STATUS -> new Attempt(prefix, null, false, Set.of());
            case KILLED_AT_END -> new Attempt(sync.events(), statuses(sync, Set.of()), true, Set.of());
            default -> new Attempt(prefix, null, true, Set.of());
        };
    }

    /** The events of the first attempt up to the last echoed state of each stream (of the first {@code echoed}). */
    static List<Event> acknowledged(SyncSpec sync, int echoed) {
        Map<String, Integer> last = lastEchoed(sync, echoed);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < sync.cut(); i++) {
            Event e = sync.events().get(i);
            if (i <= last.getOrDefault(e.streamKey(), -1) && !restarts(sync, e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** How much later a record sent again is emitted: the source reads it again. */
    static final long RESEND_DELAY_MILLIS = 3_600_000L;

    /**
     * The retry after a first attempt that echoed {@code echoed} states: every stream COMPLETE at the end.
     * Records the first attempt carried are sent again with a later {@code emitted_at}.
     */
    static Attempt retry(SyncSpec sync, int echoed) {
        Map<String, Integer> last = lastEchoed(sync, echoed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < sync.events().size(); i++) {
            Event e = sync.events().get(i);
            boolean resent = restarts(sync, e) || i > last.getOrDefault(e.streamKey(), -1);
            if (resent) {
                boolean again = i < sync.cut() && e.isRecord();
                events.add(again ? Event.record(e.streamKey(), e.data(), e.emittedAt() + RESEND_DELAY_MILLIS) : e);
            }
        }
        return new Attempt(events, statuses(sync, Set.of()), false, Set.of());
    }

    /** The records a killed first attempt may or may not have committed: those its retry sends again. */
    static Set<Event> window(SyncSpec sync, int echoed) {
        Map<String, Integer> last = lastEchoed(sync, echoed);
        Set<Event> window = new LinkedHashSet<>();
        for (int i = 0; i < sync.cut(); i++) {
            Event e = sync.events().get(i);
            if (e.isRecord() && (restarts(sync, e) || i > last.getOrDefault(e.streamKey(), -1))) {
                window.add(e);
            }
        }
        return window;
    }

    private static boolean restarts(SyncSpec sync, Event e) {
        return !e.isGlobalState() && restarts(sync.stream(e.streamKey()));
    }

    private static boolean restarts(StreamSpec s) {
        return s.mode().equals("overwrite") && s.generationId() == 0;
    }

    private static Map<String, Integer> lastEchoed(SyncSpec sync, int echoed) {
        Map<String, Integer> last = new HashMap<>();
        int seen = 0;
        for (int i = 0; i < sync.cut() && seen < echoed; i++) {
            Event e = sync.events().get(i);
            if (e.isGlobalState()) {
                int at = i;
                sync.streams().forEach(s -> last.put(s.key(), at));
                last.put(Event.GLOBAL, i);
                seen++;
            } else if (!e.isRecord()) {
                last.put(e.streamKey(), i);
                seen++;
            }
        }
        return last;
    }

    private static Map<String, String> statuses(SyncSpec sync, Set<String> incomplete) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (StreamSpec s : sync.streams()) {
            statuses.put(s.key(), incomplete.contains(s.key()) ? "INCOMPLETE" : "COMPLETE");
        }
        return statuses;
    }

    /** The input lines of an attempt. */
    static List<String> lines(SyncSpec sync, Attempt attempt) {
        List<String> lines = new ArrayList<>();
        for (Event e : attempt.events()) {
            lines.add(e.isRecord() ? Lines.record(sync.stream(e.streamKey()), e) : e.stateLine());
        }
        if (attempt.statuses() != null) {
            for (StreamSpec s : sync.streams()) {
                lines.add(Lines.status(s, attempt.statuses().get(s.key())));
            }
        }
        return lines;
    }
}

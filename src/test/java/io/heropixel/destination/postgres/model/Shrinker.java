package io.heropixel.destination.postgres.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes a failing history smaller while it still fails: fewer syncs, fewer streams, fewer records, simpler
 * endings. Greedy, bounded by a number of runs; every candidate runs on a fresh database.
 */
final class Shrinker {
    private final Function<History, Optional<String>> runner;
    private int budget;

    Shrinker(Function<History, Optional<String>> runner, int budget) {
        this.runner = runner;
        this.budget = budget;
    }

    /** The smallest failing history found and its mismatch. */
    Result shrink(History history, String mismatch) {
        Result best = new Result(history, mismatch);
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (History candidate : candidates(best.history())) {
                if (budget-- <= 0) {
                    break;
                }
                Optional<String> failure = runner.apply(candidate);
                if (failure.isPresent()) {
                    best = new Result(candidate, failure.get());
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    record Result(History history, String mismatch) {}

    private static List<History> candidates(History h) {
        List<History> out = new ArrayList<>();
        List<SyncSpec> syncs = h.syncs();
        for (int i = syncs.size() - 1; i >= 0; i--) {
            List<SyncSpec> fewer = new ArrayList<>(syncs);
            fewer.remove(i);
            if (!fewer.isEmpty()) {
                out.add(h.withSyncs(fewer));
            }
        }
        List<String> streams = syncs.stream()
                .flatMap(s -> s.streams().stream())
                .map(StreamSpec::key)
                .distinct()
                .toList();
        if (streams.size() > 1) {
            for (String key : streams) {
                List<SyncSpec> without = new ArrayList<>();
                for (SyncSpec s : syncs) {
                    List<StreamSpec> specs = s.streams().stream()
                            .filter(x -> !x.key().equals(key))
                            .toList();
                    if (!specs.isEmpty()) {
                        without.add(removeEvents(s, specs, e -> e.streamKey().equals(key)));
                    }
                }
                out.add(h.withSyncs(without));
            }
        }
        for (int i = 0; i < syncs.size(); i++) {
            SyncSpec s = syncs.get(i);
            if (s.ending() != Ending.COMPLETE) {
                out.add(replace(
                        h,
                        i,
                        new SyncSpec(
                                s.streams(),
                                s.events(),
                                Ending.COMPLETE,
                                s.events().size())));
            }
        }
        for (int i = 0; i < syncs.size(); i++) {
            SyncSpec s = syncs.get(i);
            int n = s.events().size();
            for (int chunk = Math.max(1, n / 2); chunk >= 1; chunk /= 2) {
                for (int from = 0; from < n; from += chunk) {
                    int start = from;
                    int end = Math.min(n, from + chunk);
                    List<Event> drop = s.events().subList(start, end);
                    out.add(replace(h, i, removeEvents(s, s.streams(), drop::contains)));
                }
                if (chunk == 1) {
                    break;
                }
            }
        }
        return out;
    }

    private static History replace(History h, int index, SyncSpec sync) {
        List<SyncSpec> syncs = new ArrayList<>(h.syncs());
        syncs.set(index, sync);
        return h.withSyncs(syncs);
    }

    private static SyncSpec removeEvents(SyncSpec s, List<StreamSpec> specs, java.util.function.Predicate<Event> drop) {
        List<Event> kept = new ArrayList<>();
        int cut = 0;
        for (int i = 0; i < s.events().size(); i++) {
            Event e = s.events().get(i);
            if (!drop.test(e)) {
                kept.add(e);
                if (i < s.cut()) {
                    cut++;
                }
            }
        }
        return new SyncSpec(specs, kept, s.ending(), s.ending() == Ending.COMPLETE ? kept.size() : cut);
    }
}

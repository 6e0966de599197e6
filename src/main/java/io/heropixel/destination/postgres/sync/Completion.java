package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides which streams completed in this attempt, and so which truncates (overwrite, truncate refresh) may
 * be swapped in (docs/write-path.md#completion):
 *
 * <ul>
 *   <li>A stream completed when the last status it received is {@code COMPLETE}.
 *   <li>Only when every stream of the catalog has generation 0 (a platform without refreshes, which sends no
 *       statuses) does an input that ends normally <em>without any status at all</em> count as complete for
 *       every stream.
 *   <li>A catalog with any generation id &gt; 0 comes from a platform that sends {@code COMPLETE} for every
 *       stream whose source succeeded: there, a stream without {@code COMPLETE} did not complete.
 * </ul>
 *
 * An incomplete stream keeps its previous tables untouched; its temp tables stay for the next attempt.
 */
final class Completion {
    static final String COMPLETE = "COMPLETE";

    private final boolean endOfInputCompletes;
    private volatile boolean sawStatus;

    Completion(List<ConfiguredStream> streams) {
        this.endOfInputCompletes = streams.stream().allMatch(stream -> stream.generationId() == 0);
    }

    /** A STREAM_STATUS arrived (for any stream, even one that is not in the catalog). */
    void statusReceived() {
        sawStatus = true;
    }

    /** Whether a stream whose last status is {@code lastStatus} (null: none) completed, at the end of input. */
    boolean completed(String lastStatus) {
        if (COMPLETE.equals(lastStatus)) {
            return true;
        }
        return endOfInputCompletes && !sawStatus;
    }

    /** The streams that did not complete, at the end of input. */
    List<StreamRun> incomplete(List<StreamRun> runs) {
        return runs.stream().filter(run -> !completed(run.status())).toList();
    }

    /**
     * What the log says about the streams that did not complete: which they are (with their last status),
     * what it means for their tables, and that the next attempt continues them.
     */
    String incompleteNotice(List<StreamRun> incomplete) {
        String streams = incomplete.stream()
                .map(run -> run.descriptor() + " ("
                        + (run.status() == null ? "no status" : "last status " + run.status()) + ")")
                .collect(Collectors.joining(", "));
        return "These streams did not complete in this attempt: " + streams + ". No COMPLETE stream status arrived"
                + " for them"
                + (endOfInputCompletes
                        ? ""
                        : " (the catalog has generation ids, so the platform sends"
                                + " COMPLETE for every stream whose source succeeded)")
                + ". What arrived is committed (and typed) and its states were echoed, but nothing was replaced or"
                + " deleted: a refresh or overwrite of these streams keeps the previous data in its tables, and the"
                + " new generation loaded so far stays in their _airbyte_tmp tables for the platform's next attempt,"
                + " which continues it from the last echoed state.";
    }
}

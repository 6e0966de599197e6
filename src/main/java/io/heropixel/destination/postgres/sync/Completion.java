package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import java.util.List;
import java.util.Map;
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

    /**
     * What the log says about the streams that did not complete (stream to its last status, null for none):
     * which they are, what it means for their tables, and that the next attempt continues them.
     */
    String incompleteNotice(Map<StreamDescriptor, String> lastStatusByStream) {
        String streams = lastStatusByStream.entrySet().stream()
                .map(e ->
                        e.getKey() + " (" + (e.getValue() == null ? "no status" : "last status " + e.getValue()) + ")")
                .collect(Collectors.joining(", "));
        return "These streams did not complete in this attempt: " + streams + ". No COMPLETE stream status arrived"
                + " for them"
                + (endOfInputCompletes
                        ? ""
                        : " (the catalog has generation ids, so the platform sends"
                                + " COMPLETE for every stream whose source succeeded)")
                + ". What arrived is committed and typed and its states were echoed, but nothing was replaced or"
                + " deleted: a refresh or overwrite of these streams keeps the previous data in its tables, and the"
                + " new generation loaded so far stays in their _airbyte_tmp tables for the platform's next attempt,"
                + " which continues it from the last echoed state.";
    }
}

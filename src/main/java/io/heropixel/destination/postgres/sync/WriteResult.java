package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import java.util.List;

/** What a successful write did, per stream. */
public record WriteResult(List<StreamResult> streams, long statesEchoed) {
    public WriteResult {
        streams = List.copyOf(streams);
    }

    /** One stream's figures; {@code complete} says whether a truncate was swapped in. */
    public record StreamResult(
            StreamDescriptor stream,
            long received,
            long committed,
            long typed,
            long deleted,
            long nulled,
            boolean complete) {}

    public StreamResult stream(StreamDescriptor descriptor) {
        return streams.stream()
                .filter(s -> s.stream().equals(descriptor))
                .findFirst()
                .orElseThrow();
    }
}

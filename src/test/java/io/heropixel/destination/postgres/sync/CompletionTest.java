package io.heropixel.destination.postgres.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.DestinationSyncMode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The completion rule by itself (the write path is tested in {@link RefreshCompletionTest}). */
class CompletionTest {

    private static ConfiguredStream stream(String name, long generation) {
        return new ConfiguredStream(
                new StreamDescriptor("ns", name),
                DestinationSyncMode.OVERWRITE,
                List.of(),
                Optional.empty(),
                generation,
                generation,
                1,
                Map.of());
    }

    @Test
    void aCompleteStatusCompletesAStreamWhateverTheGeneration() {
        for (long generation : new long[] {0, 5}) {
            Completion completion = new Completion(List.of(stream("a", generation)));
            completion.statusReceived();
            assertThat(completion.completed("COMPLETE")).isTrue();
            assertThat(completion.completed("INCOMPLETE")).isFalse();
            assertThat(completion.completed("RUNNING")).isFalse();
            assertThat(completion.completed(null))
                    .as("no status while others have one")
                    .isFalse();
        }
    }

    @Test
    void theEndOfInputCompletesOnlyACatalogOfGenerationZeroWithoutAnyStatus() {
        assertThat(new Completion(List.of(stream("a", 0), stream("b", 0))).completed(null))
                .isTrue();
        assertThat(new Completion(List.of(stream("a", 0), stream("b", 1))).completed(null))
                .as("one stream with a generation id: the platform sends statuses")
                .isFalse();
        assertThat(new Completion(List.of(stream("a", 2))).completed(null)).isFalse();
    }
}

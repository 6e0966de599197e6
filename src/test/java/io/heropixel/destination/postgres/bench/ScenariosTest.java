package io.heropixel.destination.postgres.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenariosTest {
    @Test
    void scenarioNamesAcceptDashes() {
        assertThat(Scenario.parse("big-record")).isEqualTo(Scenario.BIG_RECORD);
        assertThat(Scenario.parse("ALL")).isEqualTo(Scenario.ALL);
    }

    @Test
    void splitSharesTheRecordsAmongNumberedStreams() {
        List<StreamSpec> streams = Scenarios.split(Shape.NARROW, Mode.APPEND, 1_000_002, 4);
        assertThat(streams)
                .extracting(StreamSpec::name)
                .containsExactly("narrow_1", "narrow_2", "narrow_3", "narrow_4");
        assertThat(streams.stream().mapToLong(StreamSpec::records).sum()).isEqualTo(1_000_002);
        assertThat(streams).extracting(StreamSpec::ordinal).containsExactly(0, 1, 2, 3);
        assertThat(Scenarios.split(Shape.WIDE, Mode.DEDUP, 10, 1))
                .extracting(StreamSpec::name)
                .containsExactly("wide");
    }

    @Test
    void humanCountsUseKAndM() {
        assertThat(Scenarios.human(10_000_000)).isEqualTo("10M");
        assertThat(Scenarios.human(250_000)).isEqualTo("250k");
        assertThat(Scenarios.human(1_234)).isEqualTo("1234");
    }
}

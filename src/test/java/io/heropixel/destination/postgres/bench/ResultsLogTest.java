package io.heropixel.destination.postgres.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultsLogTest {
    private static final ResultsLog.Context CONTEXT = new ResultsLog.Context(
            "bin/benchmark --records 1000", "2 CPUs (x), 1.0 GiB RAM", "17.6", "0.5", "0.7", "none", "abc1234", "");

    @Test
    void rendersACaseWithItsRatioAndTheTargets() {
        Path log = Path.of("unused");
        CaseResult result = new CaseResult(
                "narrow-dedup-1k",
                1_000,
                500_000,
                1,
                new FloorRunner.Result(1.5, 0.5, Optional.of(new MachineCpu.Usage(3.0, 0.5, 0.4, 0.1, 0))),
                new ConnectorRunner.Result(
                        new MeasuredProcess.Result(
                                0, 3.0, 204_800, log, log, Optional.of(new MachineCpu.Usage(4.5, 1.0, 0.5, 0, 0))),
                        1,
                        List.of()),
                900,
                900,
                "");
        String markdown = ResultsLog.render(
                CONTEXT, List.of(result), List.of(new TargetCheck("1k connector/floor", "<= 1.0", "1.50")));

        assertThat(markdown)
                .contains("`bin/benchmark --records 1000`")
                .contains("commit abc1234")
                .contains("| narrow-dedup-1k | 1,000 | 0.5 | 2.00 (1.50 + 0.50) | 500 | 3.00 | 333 | 0.2 | 1.50 | 200 |"
                        + " states 1/1, rows ok |")
                .contains("| 1k connector/floor | <= 1.0 | 1.50 |")
                .contains(
                        "- narrow-dedup-1k floor: user 3.0 s, system 0.5 s, idle 0.4 s, I/O wait 0.1 s, steal 0.0 s\n"
                                + "- narrow-dedup-1k connector: user 4.5 s, system 1.0 s, idle 0.5 s, I/O wait 0.0 s, steal 0.0 s\n");
    }

    @Test
    void aFailedConnectorRunLeavesItsFiguresEmpty() {
        Path log = Path.of("unused");
        CaseResult result = new CaseResult(
                "x",
                10,
                1_000,
                1,
                null,
                new ConnectorRunner.Result(
                        new MeasuredProcess.Result(1, 1.0, 1_024, log, log, Optional.empty()), 0, List.of()),
                -1,
                10,
                "");
        assertThat(ResultsLog.render(CONTEXT, List.of(result), List.of()))
                .contains("| x | 10 | 0.0 | not measured |  |  |  |  |  | 1 | connector failed (exit 1) |")
                .doesNotContain("| target |")
                .doesNotContain("Machine CPU");
    }

    @Test
    void quotesArgumentsWithSpaces() {
        assertThat(Benchmark.commandLine(List.of("--note", "two builds ran", "--records", "10")))
                .isEqualTo("--note 'two builds ran' --records 10");
    }
}

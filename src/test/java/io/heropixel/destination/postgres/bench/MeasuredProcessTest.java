package io.heropixel.destination.postgres.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredProcessTest {
    @TempDir
    Path dir;

    @Test
    void feedsStdinCapturesOutputAndReadsPeakRss() throws Exception {
        Path input = Files.writeString(dir.resolve("in"), "a\nbb\nccc\n");
        MeasuredProcess.Result result = MeasuredProcess.run(
                List.of("sh", "-c", "wc -l; echo note >&2; sleep 0.3"), input, dir.resolve("out"), dir.resolve("err"));

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(result.stdout()).trim()).isEqualTo("3");
        assertThat(Files.readString(result.stderr())).isEqualTo("note\n");
        assertThat(result.peakRssKb()).isPositive();
        assertThat(result.seconds()).isPositive();
        assertThat(result.machineCpu())
                .hasValueSatisfying(cpu -> assertThat(cpu.idle() + cpu.user()).isPositive());
    }

    @Test
    void reportsTheExitCodeOfAFailingCommand() throws Exception {
        Path input = Files.writeString(dir.resolve("in"), "");
        MeasuredProcess.Result result =
                MeasuredProcess.run(List.of("sh", "-c", "exit 3"), input, dir.resolve("out"), dir.resolve("err"));
        assertThat(result.exitCode()).isEqualTo(3);
    }

    @Test
    void readsTheLargerOfHighWaterMarkAndResidentSet() throws Exception {
        Path status = Files.writeString(
                dir.resolve("status"),
                "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n",
                StandardCharsets.UTF_8);
        assertThat(MeasuredProcess.readPeakKb(status)).isEqualTo(204_800L);
        assertThat(MeasuredProcess.readPeakKb(dir.resolve("gone"))).isZero();
    }

    @Test
    void countsOnlyStateMessagesOnStdout() throws Exception {
        Path stdout = Files.writeString(
                dir.resolve("stdout"),
                "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"\\\"STATE\\\"\"}}\n"
                        + "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"id\":1}}\n"
                        + "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"id\":2}}\n");
        assertThat(ConnectorRunner.countStates(stdout)).isEqualTo(2);
    }

    @Test
    void readsTheTypingTimeFromTheConnectorsSummaryLines() throws Exception {
        Path stderr = Files.writeString(
                dir.resolve("stderr"),
                "[main] INFO x - Stream bench.a: received 10; setup 0.0s, load 1.1s, typing 3.0s (1 passes)\n"
                        + "[main] INFO x - Stream bench.b: received 10; setup 0.0s, load 0.5s, typing 0.25s (1 passes)\n"
                        + "[main] INFO x - unrelated line\n");
        List<String> lines = ConnectorRunner.phaseLines(stderr);
        assertThat(lines).hasSize(2);
        ConnectorRunner.Result result = new ConnectorRunner.Result(
                new MeasuredProcess.Result(0, 1, 1, stderr, stderr, Optional.empty()), 0, lines);
        assertThat(result.typingSeconds()).isEqualTo(3.25);
        assertThat(new ConnectorRunner.Result(result.process(), 0, List.of()).typingSeconds())
                .isNaN();
    }
}

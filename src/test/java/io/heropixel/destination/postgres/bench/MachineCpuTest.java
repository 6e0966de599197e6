package io.heropixel.destination.postgres.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineCpuTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheAggregateLineCountingNiceAsUserAndInterruptsAsSystem() {
        MachineCpu.Sample sample = MachineCpu.parse("cpu  1000 20 300 4000 50 6 7 8 0 0");
        assertThat(sample).isEqualTo(new MachineCpu.Sample(1020, 313, 4000, 50, 8));
    }

    @Test
    void reportsTheSecondsBetweenTwoSamples() throws Exception {
        Path before = Files.writeString(dir.resolve("before"), "cpu  1000 0 300 4000 50 0 0 8 0 0\ncpu0 1 2 3\n");
        Path after = Files.writeString(dir.resolve("after"), "cpu  2750 0 780 4360 51 10 10 9 0 0\ncpu0 1 2 3\n");

        MachineCpu.Usage usage = MachineCpu.between(MachineCpu.sample(before), MachineCpu.sample(after))
                .orElseThrow();

        assertThat(usage).isEqualTo(new MachineCpu.Usage(17.5, 5.0, 3.6, 0.01, 0.01));
        assertThat(usage.describe()).isEqualTo("user 17.5 s, system 5.0 s, idle 3.6 s, I/O wait 0.0 s, steal 0.0 s");
    }

    @Test
    void isEmptyWhereProcStatCannotBeRead() throws Exception {
        Path garbled = Files.writeString(dir.resolve("garbled"), "intr 1 2 3\n");
        assertThat(MachineCpu.sample(dir.resolve("missing"))).isEmpty();
        assertThat(MachineCpu.sample(garbled)).isEmpty();
        assertThat(MachineCpu.between(Optional.empty(), MachineCpu.sample())).isEmpty();
        assertThatThrownBy(() -> MachineCpu.parse("cpu 1 2")).isInstanceOf(IllegalArgumentException.class);
    }
}

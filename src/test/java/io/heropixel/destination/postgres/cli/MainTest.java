package io.heropixel.destination.postgres.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.testing.ConnectorRun;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainTest {
    private static final String PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    private final String previous = System.getProperty(PROPERTY);

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
    }

    @Test
    void logLevelOptionIsParsedAnywhereAndSetsTheLoggerLevel() {
        assertThat(ConnectorRun.inProcess("spec", "--log-level", "DEBUG").exitCode())
                .isZero();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("debug");
        assertThat(ConnectorRun.inProcess("--log-level=warn", "spec").exitCode())
                .isZero();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("warn");
    }

    @Test
    void logLevelOptionTakesEffectInANewProcess() {
        String[] missing = {"--config", "no-such-config.json", "--catalog", "no-such-catalog.json"};
        ConnectorRun quiet = ConnectorRun.subprocess(List.of(), concat("write", "--log-level", "off", missing));
        ConnectorRun loud = ConnectorRun.subprocess(List.of(), concat("write", "--log-level", "info", missing));
        assertThat(quiet.exitCode()).isNotZero();
        assertThat(quiet.errorTraces()).hasSize(1);
        assertThat(quiet.stderr()).doesNotContain("ErrorReporter");
        assertThat(loud.stderr()).contains("ErrorReporter");
    }

    @Test
    void legacyCommandFormsAreAccepted() {
        assertThat(Main.normalise(new String[] {"--write", "--config", "c", "--catalog", "k"}))
                .containsExactly("write", "--config", "c", "--catalog", "k");
        assertThat(Main.normalise(new String[] {"--strict-encrypt", "--log-level", "info", "--check", "--config", "c"}))
                .containsExactly("--strict-encrypt", "--log-level", "info", "check", "--config", "c");
        assertThat(Main.normalise(new String[] {"--log-level=debug", "--spec"}))
                .containsExactly("--log-level=debug", "spec");
        assertThat(Main.normalise(new String[] {"write", "--spec"})).containsExactly("write", "--spec");
    }

    private static String[] concat(String command, String option, String value, String[] rest) {
        String[] all = new String[3 + rest.length];
        all[0] = command;
        all[1] = option;
        all[2] = value;
        System.arraycopy(rest, 0, all, 3, rest.length);
        return all;
    }
}

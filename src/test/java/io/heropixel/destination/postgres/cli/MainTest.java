package io.heropixel.destination.postgres.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    void logLevelFlagIsTakenOutAnywhereAndSetsTheLoggerLevel() {
        assertThat(Main.normalise(new String[] {"write", "--log-level", "DEBUG", "--config", "c.json"}))
                .containsExactly("write", "--config", "c.json");
        assertThat(System.getProperty(PROPERTY)).isEqualTo("debug");
        assertThat(Main.normalise(new String[] {"--log-level=warn", "spec"})).containsExactly("spec");
        assertThat(System.getProperty(PROPERTY)).isEqualTo("warn");
    }

    @Test
    void legacyCommandFormsAreAccepted() {
        assertThat(Main.normalise(new String[] {"--write", "--config", "c", "--catalog", "k"}))
                .containsExactly("write", "--config", "c", "--catalog", "k");
    }
}

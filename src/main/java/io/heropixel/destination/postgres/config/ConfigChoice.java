package io.heropixel.destination.postgres.config;

import io.heropixel.destination.postgres.error.ConfigException;
import java.util.function.Function;

/** Matches a config value against the settings of an enum-valued field (case and surrounding spaces ignored). */
final class ConfigChoice {
    private ConfigChoice() {}

    /**
     * The setting whose text is {@code value}, or a config error: "The config field 'FIELD' is 'VALUE', which
     * is not a known setting. ADVICE" (a long value shortened).
     */
    static <E extends Enum<E>> E of(E[] settings, Function<E, String> text, String field, String value, String advice) {
        String trimmed = value.trim();
        for (E setting : settings) {
            if (text.apply(setting).equalsIgnoreCase(trimmed)) {
                return setting;
            }
        }
        String shown = value.length() <= 40 ? value : value.substring(0, 37) + "...";
        throw new ConfigException(
                "The config field '" + field + "' is '" + shown + "', which is not a known setting. " + advice);
    }
}

package io.heropixel.destination.postgres.config;

import io.heropixel.destination.postgres.error.ConfigException;

/** Matches a config value against the settings of an enum-valued field (case and surrounding spaces ignored). */
final class ConfigChoice {
    private ConfigChoice() {}

    /** A setting of a config field: an enum constant with the text the config spells it with. */
    interface Setting {
        /** The config text of the setting. */
        String value();
    }

    /**
     * The setting whose text is {@code value}, or a config error: "The config field 'FIELD' is 'VALUE', which
     * is not a known setting. ADVICE" (a long value shortened).
     */
    static <E extends Enum<E> & Setting> E of(Class<E> type, String field, String value, String advice) {
        String trimmed = value.trim();
        for (E setting : type.getEnumConstants()) {
            if (setting.value().equalsIgnoreCase(trimmed)) {
                return setting;
            }
        }
        String shown = value.length() <= 40 ? value : value.substring(0, 37) + "...";
        throw new ConfigException(
                "The config field '" + field + "' is '" + shown + "', which is not a known setting. " + advice);
    }
}

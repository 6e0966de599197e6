package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Values for a property of a given type: mostly ordinary ones, sometimes from the edge-value pool. */
final class EdgeValues {
    private EdgeValues() {}

    private static final List<String> STRING = List.of(
            "\"\"",
            "\"ünïcødé – ✓\"",
            "\"emoji 😀 𝄞\"",
            "\"quote \\\" back\\\\slash\"",
            "\"line\\nbreak\\ttab\"",
            "\"  padded  \"",
            "\"O'Brien\"",
            "42",
            "true",
            "\"名前\"",
            "\"nul\\u0000inside\"");
    private static final List<String> INTEGER = List.of(
            "0",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "42.0",
            "42.5",
            "\"42\"",
            "\"abc\"",
            "2e1",
            "true",
            "\"-7\"");
    private static final List<String> NUMBER = List.of(
            "1.50",
            "-0.001",
            "1e30",
            "123456789012345678901234567890.123456789",
            "\"3.25\"",
            "\"1e2\"",
            "\"abc\"",
            "true",
            "0",
            "1.5e-3");
    private static final List<String> BOOLEAN = List.of("\"true\"", "1", "false");
    private static final List<String> TIMESTAMP = List.of(
            "\"2024-05-01T10:00:00.123456Z\"",
            "\"2024-02-29T23:30:00+05:30\"",
            "\"2024-05-01T10:00:00\"",
            "\"0001-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59Z\"",
            "\"2023-02-30T00:00:00Z\"",
            "\"not a date\"",
            "20230123",
            "\"2024-07-01T08:15:00-0800\"");
    private static final List<String> DATE =
            List.of("\"0001-01-01\"", "\"9999-12-31\"", "\"2023-02-30\"", "\"May 1st\"", "20230123");

    static JsonNode value(ColType type, Random random) {
        if (random.nextInt(12) == 0) {
            return Lines.parse("null");
        }
        if (random.nextInt(4) == 0) {
            List<String> pool = edges(type);
            return Lines.parse(pool.get(random.nextInt(pool.size())));
        }
        return Lines.parse(
                switch (type) {
                    case STRING ->
                        "\"" + List.of("Ann", "Bob", "Chloé", "Dmitri").get(random.nextInt(4)) + "\"";
                    case INTEGER -> Integer.toString(random.nextInt(1000) - 100);
                    case NUMBER -> random.nextInt(10000) + "." + random.nextInt(100);
                    case BOOLEAN -> Boolean.toString(random.nextBoolean());
                    case TIMESTAMPTZ -> "\"" + timestamp(random) + "\"";
                    case DATE -> String.format("\"2024-%02d-%02d\"", 1 + random.nextInt(12), 1 + random.nextInt(28));
                });
    }

    static String timestamp(Random random) {
        return String.format(
                "2024-%02d-%02dT%02d:%02d:00Z",
                1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60));
    }

    private static List<String> edges(ColType type) {
        List<String> pool = new ArrayList<>(
                switch (type) {
                    case STRING -> STRING;
                    case INTEGER -> INTEGER;
                    case NUMBER -> NUMBER;
                    case BOOLEAN -> BOOLEAN;
                    case TIMESTAMPTZ -> TIMESTAMP;
                    case DATE -> DATE;
                });
        if (!KnownDefects.EXPONENT_STRING_INTEGERS && type == ColType.INTEGER) {
            pool.add("\"2E1\"");
        }
        if (!KnownDefects.SPECIAL_DATE_WORDS && (type == ColType.TIMESTAMPTZ || type == ColType.DATE)) {
            pool.addAll(List.of("\"now\"", "\"today\"", "\"tomorrow\"", "\"epoch\"", "\"infinity\"", "\"allballs\""));
        }
        if (!KnownDefects.YEARS_AFTER_9999 && type == ColType.TIMESTAMPTZ) {
            pool.add("\"10000-01-01T00:00:00Z\"");
        }
        if (!KnownDefects.YEARS_AFTER_9999 && type == ColType.DATE) {
            pool.add("\"10000-01-01\"");
        }
        return pool;
    }
}

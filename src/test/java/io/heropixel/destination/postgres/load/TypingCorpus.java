package io.heropixel.destination.postgres.load;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values (raw JSON texts) for each column of the equivalence test: common forms, edge values and the
 * forms the JVM typing must refuse. Property names are the columns' original names.
 */
final class TypingCorpus {
    static final String WEIRD = "Wéird \\\"Name\\\" \\\\ x";
    /** The same name unescaped (the original property name). */
    static final String WEIRD_NAME = "Wéird \"Name\" \\ x";

    private TypingCorpus() {}

    /** Original property name to type, in column order. */
    static Map<String, AirbyteType> columns() {
        Map<String, AirbyteType> columns = new LinkedHashMap<>();
        columns.put("s", AirbyteType.STRING);
        columns.put("s_text", AirbyteType.STRING);
        columns.put("i", AirbyteType.INTEGER);
        columns.put("n", AirbyteType.NUMBER);
        columns.put("b", AirbyteType.BOOLEAN);
        columns.put("d", AirbyteType.DATE);
        columns.put("t", AirbyteType.TIME_WITHOUT_TIMEZONE);
        columns.put("ttz", AirbyteType.TIME_WITH_TIMEZONE);
        columns.put("ts", AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE);
        columns.put("tstz", AirbyteType.TIMESTAMP_WITH_TIMEZONE);
        columns.put("o", AirbyteType.OBJECT);
        columns.put("a", AirbyteType.ARRAY);
        columns.put("u", AirbyteType.UNKNOWN);
        columns.put(WEIRD_NAME, AirbyteType.BOOLEAN);
        return columns;
    }

    /** Values for a column of this type. */
    static List<String> values(AirbyteType type) {
        List<String> values = new ArrayList<>(
                switch (type) {
                    case STRING -> STRINGS;
                    case INTEGER -> INTEGERS;
                    case NUMBER -> NUMBERS;
                    case BOOLEAN -> BOOLEANS;
                    case DATE -> DATES;
                    case TIME_WITHOUT_TIMEZONE -> TIMES;
                    case TIME_WITH_TIMEZONE -> TIMETZS;
                    case TIMESTAMP_WITHOUT_TIMEZONE, TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPS;
                    case OBJECT -> OBJECTS;
                    case ARRAY -> ARRAYS;
                    case UNKNOWN -> UNKNOWNS;
                });
        values.addAll(COMMON_WRONG);
        return values;
    }

    /** Values that every column gets: wrong JSON types, and a JSON null. */
    private static final List<String> COMMON_WRONG = List.of(
            "null", "true", "false", "0", "-1", "1.5", "1e3", "\"\"", "\"x\"", "{}", "[]", "{\"a\":1}", "[1,2]");

    static final List<String> STRINGS = List.of(
            "\"hello\"",
            "\"  spaced  \"",
            "\"ünïcødé 日本語 😀 ‰\"",
            "\"q \\\" b \\\\ s \\/ e \\u00e9 n \\n t \\t r \\r b \\b f \\f\"",
            "\"\\u20ac\\u0041\\u00FF\\u7fff\"",
            "\"tab\there\"".replace("\t", "\\t"),
            "\"42\"",
            "-0",
            "-0.0",
            "-0.000",
            "0.0",
            "42",
            "-17",
            "1.50",
            "0.001",
            "-123.4500",
            "123456789012345678901234567890",
            "1E5",
            "1.5e-3",
            "-2e+2",
            "{ \"spaced\" : [ 1 , 2 ] }",
            "[\"a\", {\"b\": null}]",
            "\"\\u0000\"",
            "\"\\ud83d\\ude00\"");

    static final List<String> INTEGERS = List.of(
            "42",
            "-42",
            "-0",
            "42.0",
            "42.000",
            "-7.00",
            "-0.0",
            "42.5",
            "0.1",
            "-0.001",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999",
            "9223372036854775807.0",
            "9223372036854775808.00",
            "1e3",
            "1E+2",
            "\"42\"",
            "\"-42\"",
            "\"+42\"",
            "\"007\"",
            "\"-0\"",
            "\"123456789012345678\"",
            "\"9223372036854775807\"",
            "\"9223372036854775808\"",
            "\"42.0\"",
            "\"42.5\"",
            "\" 42\"",
            "\"42 \"",
            "\"abc\"",
            "\"0x1A\"",
            "\"1_000\"",
            "\"1e3\"",
            "\"+\"",
            "\"-\"",
            // any decimal notation of an exact integer loads; others are NULL on every Postgres version
            "2e1",
            "1.5e1",
            "-2.50E+1",
            "1e-1",
            "1e19",
            "1e-400",
            "0e5",
            "\"2E1\"",
            "\"2e1\"",
            "\"1e2\"",
            "\"20.0\"",
            "\"1.5e1\"",
            "\"-2.50E+1\"",
            "\"1e-1\"",
            "\"2.5\"",
            "\"1e19\"",
            "\"9.223372036854775807e18\"",
            "\"-9.223372036854775808E18\"",
            "\"9.223372036854775808e18\"",
            "\"1.\"",
            "\".5\"",
            "\".0\"",
            "\"+.0e3\"",
            "\"0e400\"",
            "\"1e400\"",
            "\"1e2000\"",
            "\"1e\"",
            "\"e5\"",
            "\".\"",
            "\"1.2.3\"",
            "\"NaN\"",
            "\"Infinity\"",
            "\"-inf\"",
            "\" 2E1 \"",
            "\"0x10\"",
            "\"0b101\"",
            "\"0o17\"",
            "\"1_000\"",
            "\"1 000\"",
            "\"\\u0032E1\"",
            "\"４２\"");

    static final List<String> NUMBERS = List.of(
            "1.50",
            "3.14159",
            "-2.5",
            "-0",
            "-0.0",
            "0.000",
            "123456789012345678901234567890.123456789",
            "0.000000001",
            "100000000",
            "99999999.9999",
            "1e10",
            "1.5E-5",
            "\"3.5\"",
            "\"42\"",
            "\"-0.00\"",
            "\"+1.0\"",
            "\"007.10\"",
            "\" 1\"",
            "\"1.\"",
            "\".5\"",
            "\"NaN\"",
            "\"Infinity\"",
            "\"1e5\"",
            "\"abc\"",
            "9".repeat(999),
            "9".repeat(1001),
            "\"" + "1".repeat(500) + "." + "2".repeat(400) + "\"");

    static final List<String> BOOLEANS = List.of("\"true\"", "\"false\"", "\"t\"", "1");

    static final List<String> DATES = List.of(
            "\"2023-01-23\"",
            "\"2024-02-29\"",
            "\"2000-02-29\"",
            "\"1900-02-28\"",
            "\"0001-01-01\"",
            "\"9999-12-31\"",
            "\"1970-01-01\"",
            "\"2023-02-29\"",
            "\"2023-02-30\"",
            "\"2023-04-31\"",
            "\"2023-13-01\"",
            "\"2023-01-23T00:00:00Z\"",
            "\"23-01-2023\"",
            "\"01/23/2023\"",
            "\"2023-01-23 BC\"",
            "\"2023-1-5\"",
            "\"epoch\"",
            "20230123",
            // only ISO 8601 forms: Postgres' special words and free text are NULL
            "\"now\"",
            "\"NOW\"",
            "\" today \"",
            "\"tomorrow\"",
            "\"yesterday\"",
            "\"EPOCH\"",
            "\"infinity\"",
            "\"-infinity\"",
            "\"Jan 1 2020\"",
            "\"J2451187\"",
            "\"2023-023\"",
            "\"20230123\"",
            "\"10000-01-01\"",
            "\"0000-01-01\"",
            "\"-0044-03-15\"",
            "\"+12022-07-21\"",
            "\"2023-01-23 allballs\"",
            "\"2023-01-23 \"",
            "\"2023-01-23T12:34:56\"",
            "\"2023-01-23 12:34:56.5+05:30\"",
            "\"2023-01-23t00:00z\"",
            "\"\\u0032023-01-23\"",
            "\"２０２３-01-23\"");

    static final List<String> TIMESTAMPS = List.of(
            "\"2023-01-23T12:34:56Z\"",
            "\"2023-01-23T12:34:56.1Z\"",
            "\"2023-01-23T12:34:56.12Z\"",
            "\"2023-01-23T12:34:56.123Z\"",
            "\"2023-01-23T12:34:56.1234Z\"",
            "\"2023-01-23T12:34:56.12345Z\"",
            "\"2023-01-23T12:34:56.123456Z\"",
            "\"2023-01-23T12:34:56.1234567Z\"",
            "\"2023-01-23 12:34:56\"",
            "\"2023-01-23T12:34:56\"",
            "\"2023-01-23T12:34:56+05:30\"",
            "\"2023-01-23T12:34:56-08:00\"",
            "\"2023-01-23T12:34:56+0530\"",
            "\"2023-01-23T12:34:56-0800\"",
            "\"2023-01-23T12:34:56+05\"",
            "\"2023-01-23T12:34:56-14:00\"",
            "\"2023-01-23T12:34:56+14:59\"",
            "\"2023-01-23T12:34:56.5-03:30\"",
            "\"2024-02-29T23:59:59Z\"",
            "\"1969-12-31T23:59:59.999999Z\"",
            "\"0001-01-01T00:00:00Z\"",
            "\"0001-01-01T00:00:00+01:00\"",
            "\"9999-12-31T23:59:59.999999Z\"",
            "\"9999-12-31T23:59:59-10:00\"",
            "\"2023-02-29T00:00:00Z\"",
            "\"2023-01-23T24:00:00Z\"",
            "\"2023-01-23T23:59:60Z\"",
            "\"2023-01-23\"",
            "\"2023-01-23t12:34:56z\"",
            "\"2023-01-23T12:34:56 UTC\"",
            "\"2023-01-23T12:34:56+15:00\"",
            "\"2023-01-23T12:34:56 America/New_York\"",
            "\"infinity\"",
            "\"2023-01-23T12:34\"",
            "1674477296",
            "\"now\"",
            "\"Now \"",
            "\"today\"",
            "\"tomorrow\"",
            "\"epoch\"",
            "\"-infinity\"",
            "\"Infinity\"",
            "\"allballs\"",
            "\"Jan 1 2020 10:00\"",
            "\"10000-01-01T00:00:00Z\"",
            "\"0000-01-01T00:00:00Z\"",
            "\"+12022-07-21T00:00:00Z\"",
            "\"2023-01-23 allballs\"",
            "\"2023-01-23T12:34Z\"",
            "\"2023-01-23T12:34+05\"",
            "\"2023-01-23t12:34:56.5z\"",
            "\"2023-01-23T12:34:56 -05\"",
            "\"2023-01-23T12:34:56.5+05:30:15\"",
            "\"2023-01-23T12\"",
            "\"20230123T123456\"",
            "\"20230123 123456\"",
            "\"20230123T12:34:56\"",
            "\"20230123t123456.5-0800\"",
            "\"2023-01-23T12:34:56+15:59\"",
            "\"2023-01-23T12:34:56+16:00\"",
            "\"9999-12-31T24:00:00Z\"",
            "\"2023-01-23T00:60:00Z\"",
            "\"12:34:56\"",
            "\" 2023-01-23T12:34:56Z\"",
            "\"\\u0032023-01-23T12:34:56Z\"");

    static final List<String> TIMES = List.of(
            "\"12:34:56\"",
            "\"00:00:00\"",
            "\"23:59:59.999999\"",
            "\"12:34:56.5\"",
            "\"12:34:56.000001\"",
            "\"24:00:00\"",
            "\"12:34\"",
            "\"12:34:56Z\"",
            "\"12:34:56+05:00\"",
            "\"12:34:56.1234567\"",
            "\"noon\"",
            "123456",
            "\"allballs\"",
            "\"now\"",
            "\"12:34\"",
            "\"24:00\"",
            "\"23:59:60\"",
            "\"12:60\"",
            "\"12:34:56 +05:30\"",
            "\"T12:34:56\"",
            "\"2023-023\"",
            "\"2023-01\"",
            "\"123456\"",
            "\"2023-01-23 12:34:56\"",
            "\"12:34:56.5z\"",
            "\"12:34:56-0800\"");

    static final List<String> TIMETZS = List.of(
            "\"12:34:56Z\"",
            "\"12:34:56\"",
            "\"12:34:56+05:30\"",
            "\"12:34:56-08:00\"",
            "\"12:34:56.123456+14:00\"",
            "\"00:00:00.5-00:30\"",
            "\"12:34:56+05\"",
            "\"12:34:56+0530\"",
            "\"12:34:56 PST\"",
            "\"24:00:00Z\"",
            "42",
            "\"allballs\"",
            "\"now\"",
            "\"12:34Z\"",
            "\"12:34+05\"",
            "\"12:34:56.5z\"",
            "\"12:34:56-0800\"",
            "\"12:34:56 +05:30\"",
            "\"12:34:56+15:59\"",
            "\"12:34:56+16:00\"",
            "\"2023-01-23 12:34:56+05\"");

    static final List<String> OBJECTS = List.of(
            "{\"b\":{\"c\":[1,2,{\"d\":null}]},\"a\":\"x\"}",
            "{\"k\":\"esc \\\" \\\\ \\/ \\u00e9 \\n\"}",
            "{\"dup\":1,\"dup\":2}",
            "{\"n\":1.50,\"e\":1e3,\"z\":-0,\"big\":123456789012345678901234567890}",
            "{\"\\u00e9t\\u00e9\":true,\"été\":false}",
            "{ \"spaced\" : [ 1 , 2 ] , \"empty\" : { } }",
            "{\"deep\":{\"deeper\":{\"deepest\":[[[]]]}}}",
            "\"{}\"");

    static final List<String> ARRAYS = List.of(
            "[1,\"two\",null,{\"a\":[]}]",
            "[[[]]]",
            "[ 1 , 2 ]",
            "[1.0, -0, 1e2, 1.50]",
            "[\"\\u00e9\", \"\\n\"]",
            "[{\"x\":1,\"x\":2}]",
            "\"[]\"");

    static final List<String> UNKNOWNS = List.of(
            "-0",
            "1.50",
            "1E3",
            "\"str\"",
            "\"esc \\u00e9 \\n \\\"\"",
            "{\"a\":[1,{\"b\":null}]}",
            "[null]",
            "{\"dup\":1,\"dup\":{\"x\":2}}");
}

package io.heropixel.destination.postgres.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The binary encoders of {@link RecordTyper}, checked on a real server: each value is copied in binary
 * next to its source text, and its {@code ::text} must equal both the expected text and what Postgres
 * itself reads from the source (with the typing session's settings).
 */
@ExtendWith(TestingPostgres.class)
class TypedValueEncodingTest {

    /** A source text and what Postgres must print for the encoded value. */
    private record Case(String source, String expected) {}

    private interface Encoder {
        /** Writes the value's field; false when the encoder refuses the source. */
        boolean encode(byte[] source, BinaryRow row);
    }

    private static List<Case> cases(String... sourceExpectedPairs) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < sourceExpectedPairs.length; i += 2) {
            cases.add(new Case(sourceExpectedPairs[i], sourceExpectedPairs[i + 1]));
        }
        return cases;
    }

    /** Copies each case's encoded value and source; asserts value::text = expected = source::type::text. */
    private static void check(TestDatabase db, String sqlType, Encoder encoder, List<Case> cases) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, MDY'");
            s.execute("CREATE TABLE t (id int, v " + sqlType + ", src text)");
            BinaryCopy copy = new BinaryCopy();
            BinaryRow row = new BinaryRow();
            for (int i = 0; i < cases.size(); i++) {
                row.start(3);
                row.addInt32(i);
                byte[] source = cases.get(i).source().getBytes(StandardCharsets.UTF_8);
                assertThat(encoder.encode(source, row))
                        .as("encoder accepts %s", cases.get(i).source())
                        .isTrue();
                row.addText(cases.get(i).source());
                copy.add(row);
            }
            copy.copyInto(c, "t");
            List<String> actual = new ArrayList<>();
            List<String> byPostgres = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT v::text, src::" + sqlType + "::text FROM t ORDER BY id")) {
                while (rs.next()) {
                    actual.add(rs.getString(1));
                    byPostgres.add(rs.getString(2));
                }
            }
            List<String> expected = cases.stream().map(Case::expected).toList();
            assertThat(actual).isEqualTo(expected);
            assertThat(byPostgres).isEqualTo(expected);
        }
    }

    @Test
    void numeric(TestDatabase db) throws Exception {
        check(
                db,
                "numeric",
                (b, row) -> {
                    int point = NumericBinary.plainDecimalPoint(b, 0, b.length);
                    if (point < 0) {
                        return false;
                    }
                    NumericBinary.writeNumeric(row, b, 0, b.length, point);
                    return true;
                },
                cases(
                        "0", "0",
                        "-0", "0",
                        "-0.000", "0.000",
                        "0.0", "0.0",
                        "1", "1",
                        "-1", "-1",
                        "+42", "42",
                        "007.50", "7.50",
                        "1.50", "1.50",
                        "0.5", "0.5",
                        "0.00000001", "0.00000001",
                        "0.000000010", "0.000000010",
                        "9999", "9999",
                        "10000", "10000",
                        "10000.0001", "10000.0001",
                        "123456789.123456789", "123456789.123456789",
                        "-98765432109876543210.0123456789", "-98765432109876543210.0123456789",
                        "100000000000000000000000000000000000000000", "100000000000000000000000000000000000000000",
                        "3.14159265358979323846264338327950288419716939937510",
                                "3.14159265358979323846264338327950288419716939937510",
                        "9223372036854775808", "9223372036854775808",
                        "12.3400", "12.3400",
                        "0.1000", "0.1000"));
    }

    @Test
    void plainDecimalsOnly() {
        for (String refused :
                List.of("", "-", "+", "1.", ".5", "1e5", "1.5E3", " 1", "1 ", "NaN", "0x10", "1_000", "--1")) {
            byte[] b = refused.getBytes(StandardCharsets.US_ASCII);
            assertThat(NumericBinary.plainDecimalPoint(b, 0, b.length))
                    .as(refused)
                    .isEqualTo(-1);
        }
        long[] out = new long[1];
        byte[] max = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
        assertThat(NumericBinary.parseLong(max, 0, max.length, out)).isTrue();
        assertThat(out[0]).isEqualTo(Long.MAX_VALUE);
        byte[] min = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        assertThat(NumericBinary.parseLong(min, 0, min.length, out)).isTrue();
        assertThat(out[0]).isEqualTo(Long.MIN_VALUE);
        for (String outside : List.of("9223372036854775808", "-9223372036854775809", "99999999999999999999")) {
            byte[] b = outside.getBytes(StandardCharsets.US_ASCII);
            assertThat(NumericBinary.parseLong(b, 0, b.length, out)).as(outside).isFalse();
        }
    }

    @Test
    void date(TestDatabase db) throws Exception {
        IsoTemporal parser = new IsoTemporal();
        check(
                db,
                "date",
                (b, row) -> {
                    if (!parser.date(b, 0, b.length)) {
                        return false;
                    }
                    row.addDateFromUnixDays(parser.epochDay);
                    return true;
                },
                cases(
                        "2023-01-23", "2023-01-23",
                        "1970-01-01", "1970-01-01",
                        "1969-12-31", "1969-12-31",
                        "2000-01-01", "2000-01-01",
                        "2000-02-29", "2000-02-29",
                        "2024-02-29", "2024-02-29",
                        "0001-01-01", "0001-01-01",
                        "0400-03-01", "0400-03-01",
                        "1582-10-10", "1582-10-10",
                        "9999-12-31", "9999-12-31"));
    }

    @Test
    void timestampWithTimeZone(TestDatabase db) throws Exception {
        IsoTemporal parser = new IsoTemporal();
        check(
                db,
                "timestamp with time zone",
                (b, row) -> {
                    if (!parser.timestamp(b, 0, b.length)) {
                        return false;
                    }
                    row.addTimestampFromUnixMicros(parser.instantMicros());
                    return true;
                },
                cases(
                        "2023-01-23T12:34:56Z", "2023-01-23 12:34:56+00",
                        "2023-01-23 12:34:56", "2023-01-23 12:34:56+00",
                        "2023-01-23T12:34:56.1Z", "2023-01-23 12:34:56.1+00",
                        "2023-01-23T12:34:56.123456Z", "2023-01-23 12:34:56.123456+00",
                        "2023-01-23T12:34:56.000001-08:00", "2023-01-23 20:34:56.000001+00",
                        "2023-01-23T12:34:56+0530", "2023-01-23 07:04:56+00",
                        "2023-01-23T00:00:00+14", "2023-01-22 10:00:00+00",
                        "2023-01-23T23:59:59-14:59", "2023-01-24 14:58:59+00",
                        "1969-12-31T23:59:59.999999Z", "1969-12-31 23:59:59.999999+00",
                        "2000-02-29T00:00:00Z", "2000-02-29 00:00:00+00",
                        "0001-01-01T00:00:00Z", "0001-01-01 00:00:00+00",
                        "0001-01-01T00:00:00+01", "0001-12-31 23:00:00+00 BC",
                        "9999-12-31T23:59:59.999999-10:00", "10000-01-01 09:59:59.999999+00"));
    }

    @Test
    void timestampWithoutTimeZoneIgnoresTheOffset(TestDatabase db) throws Exception {
        IsoTemporal parser = new IsoTemporal();
        check(
                db,
                "timestamp without time zone",
                (b, row) -> {
                    if (!parser.timestamp(b, 0, b.length)) {
                        return false;
                    }
                    row.addTimestampFromUnixMicros(parser.localMicros());
                    return true;
                },
                cases(
                        "2023-01-23T12:34:56Z", "2023-01-23 12:34:56",
                        "2023-01-23 12:34:56", "2023-01-23 12:34:56",
                        "2023-01-23T12:34:56.5+05:30", "2023-01-23 12:34:56.5",
                        "2023-01-23T12:34:56-08", "2023-01-23 12:34:56",
                        "2023-01-23T12:34:56.654321-0800", "2023-01-23 12:34:56.654321",
                        "1900-02-28T23:59:59+14:00", "1900-02-28 23:59:59",
                        "0001-01-01T00:00:00+01", "0001-01-01 00:00:00",
                        "9999-12-31T23:59:59.999999Z", "9999-12-31 23:59:59.999999"));
    }

    @Test
    void time(TestDatabase db) throws Exception {
        IsoTemporal parser = new IsoTemporal();
        check(
                db,
                "time without time zone",
                (b, row) -> {
                    if (!parser.time(b, 0, b.length)) {
                        return false;
                    }
                    row.addInt64(parser.timeMicros);
                    return true;
                },
                cases(
                        "00:00:00", "00:00:00",
                        "12:34:56", "12:34:56",
                        "23:59:59.999999", "23:59:59.999999",
                        "01:02:03.04", "01:02:03.04",
                        "01:02:03.000100", "01:02:03.0001"));
    }

    @Test
    void timeWithTimeZone(TestDatabase db) throws Exception {
        IsoTemporal parser = new IsoTemporal();
        check(
                db,
                "time with time zone",
                (b, row) -> {
                    if (!parser.timeWithOffset(b, 0, b.length)) {
                        return false;
                    }
                    ValueTyper.addTimeTz(row, parser.timeMicros, parser.offsetSeconds);
                    return true;
                },
                cases(
                        "12:34:56", "12:34:56+00",
                        "12:34:56Z", "12:34:56+00",
                        "12:34:56.5+05:30", "12:34:56.5+05:30",
                        "00:00:00-08:00", "00:00:00-08",
                        "23:59:59.999999+14:00", "23:59:59.999999+14",
                        "01:02:03.123-00:45", "01:02:03.123-00:45"));
    }

    @Test
    void strictTemporalFormsOnly() {
        IsoTemporal parser = new IsoTemporal();
        for (String refused : List.of(
                "2023-02-29",
                "2023-02-30",
                "2023-13-01",
                "2023-00-10",
                "0000-01-01",
                "10000-01-01",
                "2023-1-01",
                "20230101",
                "2023/01/01",
                "2023-01-01 ",
                " 2023-01-01",
                "2023-01-01T00:00:00",
                "23-01-01")) {
            byte[] b = refused.getBytes(StandardCharsets.US_ASCII);
            assertThat(parser.date(b, 0, b.length)).as(refused).isFalse();
        }
        for (String refused : List.of(
                "2023-01-01t00:00:00Z",
                "2023-01-01T00:00:00z",
                "2023-01-01T24:00:00Z",
                "2023-01-01T23:60:00Z",
                "2023-01-01T23:59:60Z",
                "2023-01-01T00:00:00.Z",
                "2023-01-01T00:00:00.1234567Z",
                "2023-01-01T00:00Z",
                "2023-01-01T00:00:00+15:00",
                "2023-01-01T00:00:00+05:60",
                "2023-01-01T00:00:00+5",
                "2023-01-01T00:00:00 UTC",
                "2023-01-01T00:00:00+05:30:00",
                "2023-01-01T00:00:00 BC",
                "2023-01-01",
                "2023-02-30T00:00:00Z",
                "2023-01-01T00:00:00+05:3",
                "2023-01-01T00:00:00+0530Z")) {
            byte[] b = refused.getBytes(StandardCharsets.US_ASCII);
            assertThat(parser.timestamp(b, 0, b.length)).as(refused).isFalse();
        }
        for (String refused : List.of("24:00:00", "12:34", "12:34:56Z", "1:02:03", "12:34:56.", "12:34:56 ")) {
            byte[] b = refused.getBytes(StandardCharsets.US_ASCII);
            assertThat(parser.time(b, 0, b.length)).as(refused).isFalse();
        }
        for (String refused :
                List.of("12:34:56+05", "12:34:56+0530", "12:34:56z", "12:34:56+15:00", "12:34:56 +05:00")) {
            byte[] b = refused.getBytes(StandardCharsets.US_ASCII);
            assertThat(parser.timeWithOffset(b, 0, b.length)).as(refused).isFalse();
        }
    }
}

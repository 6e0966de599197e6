package io.heropixel.destination.postgres.typing;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.SqlText;
import io.heropixel.destination.postgres.table.ColumnTypes;
import io.heropixel.destination.postgres.table.TypedColumn;
import io.heropixel.destination.postgres.testing.ClassDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The typing SQL of one value in each cast mode (plain casts, the PL/pgSQL safe cast of Postgres before
 * 16, {@code pg_input_is_valid} from 16): the same ISO 8601 date/time forms and exact integers in any
 * notation are accepted, whatever the server version would read besides; and the grammar of {@link
 * ValueForms} means the same to Postgres and to Java.
 */
class ValueFormsCastTest {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase();

    /** A JSON value into a column of a type: its {@code ::text} after typing, or null (NULL). */
    private record Case(AirbyteType type, String json, String expected, boolean failsPlainCast) {}

    private static Case ok(AirbyteType type, String json, String expected) {
        return new Case(type, json, expected, false);
    }

    private static Case refused(AirbyteType type, String json) {
        return new Case(type, json, null, false);
    }

    private static Case failsCast(AirbyteType type, String json) {
        return new Case(type, json, null, true);
    }

    private static final AirbyteType DATE = AirbyteType.DATE;
    private static final AirbyteType TSTZ = AirbyteType.TIMESTAMP_WITH_TIMEZONE;
    private static final AirbyteType TS = AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE;
    private static final AirbyteType TIME = AirbyteType.TIME_WITHOUT_TIMEZONE;
    private static final AirbyteType TIMETZ = AirbyteType.TIME_WITH_TIMEZONE;
    private static final AirbyteType INT = AirbyteType.INTEGER;

    private static final List<Case> CASES = List.of(
            ok(DATE, "\"2023-01-23\"", "2023-01-23"),
            ok(DATE, "\"2023-01-23T12:34:56Z\"", "2023-01-23"),
            refused(DATE, "\"now\""),
            refused(DATE, "\"Today\""),
            refused(DATE, "\"epoch\""),
            refused(DATE, "\"infinity\""),
            refused(DATE, "\"-infinity\""),
            refused(DATE, "\"Jan 1 2020\""),
            refused(DATE, "\"2023-023\""),
            ok(DATE, "\"20230123\"", "2023-01-23"),
            refused(DATE, "\"10000-01-01\""),
            refused(DATE, "\" 2023-01-23\""),
            refused(DATE, "\"2023-01-23 BC\""),
            failsCast(DATE, "\"0000-01-01\""),
            failsCast(DATE, "\"2023-02-30\""),
            ok(TSTZ, "\"2023-01-23t12:34:56.5z\"", "2023-01-23 12:34:56.5+00"),
            ok(TSTZ, "\"2023-01-23 12:34-0530\"", "2023-01-23 18:04:00+00"),
            ok(TSTZ, "\"2023-01-23\"", "2023-01-23 00:00:00+00"),
            ok(TSTZ, "\"9999-12-31T23:59:59-10:00\"", "10000-01-01 09:59:59+00"),
            refused(TSTZ, "\"10000-01-01T00:00:00Z\""),
            refused(TSTZ, "\"tomorrow\""),
            refused(TSTZ, "\"2023-01-23 allballs\""),
            refused(TSTZ, "\"2023-01-23T12:34:56 UTC\""),
            refused(TSTZ, "\"2023-01-23T12:34:56 -05\""),
            refused(TSTZ, "\"J2451187\""),
            ok(TSTZ, "\"20230123T123456.5+0530\"", "2023-01-23 07:04:56.5+00"),
            ok(TSTZ, "\"20230123t1234z\"", "2023-01-23 12:34:00+00"),
            refused(TSTZ, "\"20230123 123456\""),
            refused(TSTZ, "\"20230123T12:34:56\""),
            refused(TSTZ, "\"2023-01-23T123456\""),
            refused(TSTZ, "\"20230123T123456+05:30\""),
            failsCast(TSTZ, "\"2023-01-23T12:34:56+16:00\""),
            ok(TS, "\"2023-01-23T12:34:56+05\"", "2023-01-23 12:34:56"),
            refused(TS, "\"yesterday\""),
            ok(TIME, "\"24:00\"", "24:00:00"),
            ok(TIME, "\"12:34:56.1234567\"", "12:34:56.123457"),
            refused(TIME, "\"allballs\""),
            refused(TIME, "\"NOW\""),
            ok(TIME, "\"2023-01\"", "20:23:00"),
            ok(TIME, "\"123456\"", "12:34:56"),
            ok(TIMETZ, "\"0930-0800\"", "09:30:00-08"),
            refused(TIME, "\"2023-023\""),
            refused(TIME, "\"2023-01-23 12:34:56\""),
            failsCast(TIME, "\"12:60\""),
            ok(TIMETZ, "\"12:34+05\"", "12:34:00+05"),
            refused(TIMETZ, "\"allballs\""),
            ok(INT, "\"2E1\"", "20"),
            ok(INT, "2e1", "20"),
            ok(INT, "1.5e1", "15"),
            ok(INT, "\" -2.50e+1 \"", "-25"),
            ok(INT, "\"1.\"", "1"),
            ok(INT, "\"-.0\"", "0"),
            ok(INT, "\"007\"", "7"),
            refused(INT, "\"2.5\""),
            refused(INT, "\"1e-1\""),
            refused(INT, "\"0x1A\""),
            refused(INT, "\"1_000\""),
            refused(INT, "\"NaN\""),
            refused(INT, "\"Infinity\""),
            refused(INT, "\"\""),
            failsCast(INT, "\"1e19\""),
            failsCast(INT, "\"9223372036854775808\""));

    @Test
    void everyCastModeTypesTheSameValues() throws SQLException {
        Connection c = DB.connection();
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, MDY'");
            s.execute(TypingSql.createSafeCastFunction());
        }
        List<CastMode> modes = new ArrayList<>(List.of(CastMode.DIRECT, CastMode.SAFE_FUNCTION));
        if (c.getMetaData().getDatabaseMajorVersion() >= 16) {
            modes.add(CastMode.INPUT_IS_VALID);
        }
        for (CastMode mode : modes) {
            for (Case value : CASES) {
                if (mode == CastMode.DIRECT && value.failsPlainCast()) {
                    continue;
                }
                assertThat(typed(c, value, mode))
                        .as(value.type() + " " + value.json() + " " + mode)
                        .isEqualTo(value.expected());
            }
        }
    }

    @Test
    void theGrammarMeansTheSameToPostgresAndToJava() throws SQLException {
        List<String> texts = new ArrayList<>();
        for (Case value : CASES) {
            texts.add(
                    value.json().startsWith("\"")
                            ? value.json().substring(1, value.json().length() - 1)
                            : "x");
        }
        texts.addAll(List.of("2023-01-23\n", "12:34:56\n", "2023-01-23T12:34:56Z\n", "１２:34", "12:34:56,5", ""));
        for (String text : texts) {
            for (AirbyteType type : List.of(DATE, TSTZ, TIME)) {
                String regex = ValueForms.temporalSql(type);
                assertThat(matches(text, regex.substring(1, regex.length() - 1)))
                        .as(type + " " + text)
                        .isEqualTo(ValueForms.isIsoTemporal(type, text));
            }
            String decimal = ValueForms.decimalSql();
            assertThat(matches(text, decimal.substring(1, decimal.length() - 1)))
                    .as("decimal " + text)
                    .isEqualTo(ValueForms.isDecimal(text.strip()) && !text.isBlank());
        }
        assertThat(Pattern.compile("[0-9]").matcher("１").matches()).isFalse();
    }

    @Test
    void randomTextsMatchTheSameInPostgresAndJava() throws SQLException {
        Random random = new Random(20261205);
        String alphabet = "0123456789-:.Tt Zz+eE";
        List<String> texts = new ArrayList<>();
        List<String> seeds = List.of("2023-01-23T12:34:56.5+05:30", "20230123T123456Z", "12:34:56-08", "-1.5e+10");
        for (int n = 0; n < 4000; n++) {
            StringBuilder text = new StringBuilder(n % 2 == 0 ? seeds.get(n / 2 % seeds.size()) : "");
            // mutate a valid form, or build a random one
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits || text.length() == 0; e++) {
                int at = random.nextInt(text.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                if (text.length() > 0 && random.nextBoolean()) {
                    text.setCharAt(Math.min(at, text.length() - 1), c);
                } else {
                    text.insert(at, c);
                }
            }
            texts.add(text.toString());
        }
        String sql = "SELECT t, t ~ " + ValueForms.temporalSql(DATE) + ", t ~ " + ValueForms.temporalSql(TIME)
                + ", t ~ " + ValueForms.decimalSql() + " FROM unnest(?::text[]) AS t";
        int matched = 0;
        try (PreparedStatement ps = DB.connection().prepareStatement(sql)) {
            ps.setArray(1, DB.connection().createArrayOf("text", texts.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String text = rs.getString(1);
                    assertThat(rs.getBoolean(2)).as("date " + text).isEqualTo(ValueForms.isIsoTemporal(DATE, text));
                    assertThat(rs.getBoolean(3)).as("time " + text).isEqualTo(ValueForms.isIsoTemporal(TIME, text));
                    assertThat(rs.getBoolean(4)).as("decimal " + text).isEqualTo(ValueForms.isDecimal(text.strip()));
                    matched += rs.getBoolean(2) || rs.getBoolean(3) || rs.getBoolean(4) ? 1 : 0;
                }
            }
        }
        assertThat(matched).isBetween(200, 3800);
    }

    private static boolean matches(String text, String regex) throws SQLException {
        try (PreparedStatement ps = DB.connection().prepareStatement("SELECT ? ~ ?")) {
            ps.setString(1, text);
            ps.setString(2, regex);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String typed(Connection c, Case value, CastMode mode) throws SQLException {
        String sqlType = ColumnTypes.ddlType(value.type(), true);
        String formatted =
                switch (value.type()) {
                    case INTEGER -> "bigint";
                    case TIME_WITHOUT_TIMEZONE -> "time without time zone";
                    case TIMESTAMP_WITHOUT_TIMEZONE -> "timestamp without time zone";
                    default -> sqlType;
                };
        TypedColumn column =
                new TypedColumn(new ColumnPlan("v", Identifier.of("v"), value.type()), value.type(), formatted);
        BoundSql cast = new SqlText()
                .add("SELECT (")
                .add(TypedSelect.cast("x", column, mode))
                .add(")::text FROM (SELECT ?::jsonb AS x) AS v")
                .bound();
        try (PreparedStatement ps = c.prepareStatement(cast.sql())) {
            int n = 1;
            for (String parameter : cast.parameters()) {
                ps.setString(n++, parameter);
            }
            ps.setString(n, value.json());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

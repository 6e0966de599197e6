package io.heropixel.destination.postgres.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which columns and records {@link RecordTyper} takes on, without a database (values: the equivalence test). */
class RecordTyperTest {

    private static TypedColumn column(String name, AirbyteType type, String sqlType) {
        return new TypedColumn(new ColumnPlan(name, Identifier.of(name), type), type, sqlType);
    }

    @Test
    void encodesOnlyTheColumnTypesThisConnectorCreates() {
        List<TypedColumn> supported = List.of(
                column("s", AirbyteType.STRING, "character varying"),
                column("s2", AirbyteType.STRING, "text"),
                column("i", AirbyteType.INTEGER, "bigint"),
                column("n", AirbyteType.NUMBER, "numeric"),
                column("b", AirbyteType.BOOLEAN, "boolean"),
                column("d", AirbyteType.DATE, "date"),
                column("t", AirbyteType.TIME_WITHOUT_TIMEZONE, "time without time zone"),
                column("ttz", AirbyteType.TIME_WITH_TIMEZONE, "time with time zone"),
                column("ts", AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE, "timestamp without time zone"),
                column("tstz", AirbyteType.TIMESTAMP_WITH_TIMEZONE, "timestamp with time zone"),
                column("o", AirbyteType.OBJECT, "jsonb"),
                column("a", AirbyteType.ARRAY, "jsonb"),
                column("u", AirbyteType.UNKNOWN, "jsonb"));
        assertThat(RecordTyper.forColumns(supported, 1, 1)).isPresent();
        assertThat(RecordTyper.forColumns(List.of(), 1, 1)).isPresent();

        for (TypedColumn other : List.of(
                column("n", AirbyteType.NUMBER, "numeric(38,9)"),
                column("n", AirbyteType.NUMBER, "double precision"),
                column("s", AirbyteType.STRING, "character varying(10)"),
                column("s", AirbyteType.STRING, "character(3)"),
                column("i", AirbyteType.INTEGER, "integer"),
                column("u", AirbyteType.UNKNOWN, "json"),
                column("u", AirbyteType.STRING, "uuid"),
                column("ts", AirbyteType.TIMESTAMP_WITH_TIMEZONE, "timestamp(3) with time zone"))) {
            assertThat(RecordTyper.forColumns(List.of(supported.get(0), other), 1, 1))
                    .as(other.sqlType())
                    .isEmpty();
        }
        TypedColumn nulInName = new TypedColumn(
                new ColumnPlan("x\u0000", Identifier.of("x"), AirbyteType.STRING), AirbyteType.STRING, "text");
        assertThat(RecordTyper.forColumns(List.of(nulInName), 1, 1)).isEmpty();
    }

    @Test
    void refusesRecordsWithSourceChangesOrTimesTheRawRowCannotWrite() throws Exception {
        RecordTyper typer = RecordTyper.forColumns(List.of(column("i", AirbyteType.INTEGER, "bigint")), 7, 1)
                .orElseThrow();
        byte[] rawId = new byte[36];
        BinaryRow row = new BinaryRow();
        assertThat(typer.type(record("{\"i\":1}", null, 0), rawId, row)).isTrue();
        assertThat(typer.type(record("{\"i\":1}", "{\"changes\":[]}", 0), rawId, row))
                .isTrue();
        assertThat(typer.type(record("{\"i\":1}", "{\"changes\":[{\"field\":\"i\"}]}", 0), rawId, row))
                .isFalse();
        assertThat(typer.type(record("{\"i\":1}", null, -62_135_596_800_001L), rawId, row))
                .isFalse();
        assertThat(typer.type(record("{\"i\":1}", null, 253_402_300_800_000L), rawId, row))
                .isFalse();
        assertThat(typer.type(record("{\"i\":true}", null, 0), rawId, row)).isTrue();
        assertThat(typer.type(record("{\"i\":true,\"i\":1}", null, 0), rawId, row))
                .isFalse();
        assertThat(typer.type(record("{\"j\":true,\"j\":1}", null, 0), rawId, row))
                .isTrue();
        assertThat(typer.valuesNulled()).isEqualTo(1);
    }

    private static InputMessage.Record record(String data, String meta, long emittedAt) {
        return RecordTyperCorpusBuilder.record(1, data, meta, emittedAt);
    }
}

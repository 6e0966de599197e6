package io.heropixel.destination.postgres.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.protocol.MessageReader;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RecordTyper}'s own scan locates the same values as Jackson, or leaves the data to Jackson. */
class RecordTyperScanTest {
    private static final List<String> SEEDS = List.of(
            "{\"id\": 1, \"name\": \"a\\\"b\", \"amount\": -2.5e3, \"ok\": true, \"tags\": [1, {\"x\": null}],"
                    + " \"other\": {\"id\": 2}, \"at\": \"2020-01-01T00:00:00Z\", \"no\": false, \"é\": 0.5}",
            "{ }",
            "{\"id\":null,\"name\":\"ü€𝄞\",\"amount\":0,\"ok\":false,\"tags\":[],\"at\":{},\"é\":1E5}",
            "{\"id\":1,\"id\":2}",
            "{\"i\\u0064\":1,\"name\":\"x\"}");

    private static TypedColumn column(String name, AirbyteType type, String sqlType) {
        return new TypedColumn(new ColumnPlan(name, Identifier.of(name), type), type, sqlType);
    }

    @Test
    void locatesTheValuesJacksonLocates() throws Exception {
        RecordTyper typer = RecordTyper.forColumns(
                        List.of(
                                column("id", AirbyteType.INTEGER, "bigint"),
                                column("name", AirbyteType.STRING, "text"),
                                column("amount", AirbyteType.NUMBER, "numeric"),
                                column("ok", AirbyteType.BOOLEAN, "boolean"),
                                column("tags", AirbyteType.ARRAY, "jsonb"),
                                column("at", AirbyteType.TIMESTAMP_WITH_TIMEZONE, "timestamp with time zone"),
                                column("é", AirbyteType.NUMBER, "numeric")),
                        1,
                        1)
                .orElseThrow();
        Random random = new Random(7);
        byte[] alphabet = "{}[]\",:\\ tfnu0123456789.-eE+ab".getBytes(StandardCharsets.US_ASCII);
        int scanned = 0;
        for (int n = 0; n < 50_000; n++) {
            byte[] data = SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
            if (n >= SEEDS.size() * 10) {
                int at = random.nextInt(data.length);
                data[at] =
                        random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            // the data in a line, as the reader gives it (the typer only sees data the reader accepted)
            byte[] prefix = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":"
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[prefix.length + data.length + 2];
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            System.arraycopy(data, 0, line, prefix.length, data.length);
            line[line.length - 2] = '}';
            line[line.length - 1] = '}';
            InputMessage.Record record;
            try {
                record = (InputMessage.Record) MessageReader.parse(1, line);
            } catch (ConfigException e) {
                continue;
            }
            int result = typer.scanValues(line, record.dataStart(), record.dataEnd());
            List<String> byScan = typer.locatedValues();
            boolean byJackson = typer.locateWithJackson(line, record.dataStart(), record.dataEnd());
            if (result >= 0) {
                scanned++;
                String text = new String(data, StandardCharsets.UTF_8);
                assertThat(result == 1).as(text).isEqualTo(byJackson);
                if (byJackson) {
                    assertThat(byScan).as(text).isEqualTo(typer.locatedValues());
                }
            }
        }
        assertThat(scanned).isGreaterThan(2_000);
    }
}

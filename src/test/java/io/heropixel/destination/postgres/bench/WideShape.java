package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** 100 columns: the key, the cursor and 98 scalar columns cycling through integer, number, strings, boolean, timestamp. */
final class WideShape {
    private static final ColumnKind[] CYCLE = {
        ColumnKind.INTEGER,
        ColumnKind.STRING,
        ColumnKind.NUMBER,
        ColumnKind.BOOLEAN,
        ColumnKind.STRING,
        ColumnKind.TIMESTAMP,
        ColumnKind.INTEGER
    };
    static final List<Column> COLUMNS = columns();

    private WideShape() {}

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("id", ColumnKind.INTEGER));
        columns.add(new Column("updated_at", ColumnKind.TIMESTAMP));
        for (int i = 0; i < 98; i++) {
            columns.add(new Column(String.format("c_%03d", i), CYCLE[i % CYCLE.length]));
        }
        return List.copyOf(columns);
    }

    static void write(JsonGenerator g, long key, long cursor, SplittableRandom r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", key);
        g.writeStringField("updated_at", Fake.timestamp(cursor));
        for (int i = 2; i < COLUMNS.size(); i++) {
            Column column = COLUMNS.get(i);
            g.writeFieldName(column.name());
            switch (column.kind()) {
                case INTEGER -> g.writeNumber(r.nextLong(10_000_000));
                case NUMBER -> g.writeNumber(Fake.money(r, 10_000));
                case BOOLEAN -> g.writeBoolean(r.nextBoolean());
                case TIMESTAMP -> g.writeString(Fake.pastTimestamp(r));
                default -> g.writeString(Fake.word(r));
            }
        }
        g.writeEndObject();
    }
}

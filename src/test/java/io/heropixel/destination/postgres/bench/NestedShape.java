package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/** About 2 KB: an order with a customer object, an array of line items and nested metadata. */
final class NestedShape {
    static final List<Column> COLUMNS = List.of(
            new Column("id", ColumnKind.INTEGER),
            new Column("updated_at", ColumnKind.TIMESTAMP),
            new Column("status", ColumnKind.STRING),
            new Column("total", ColumnKind.NUMBER),
            new Column("customer", ColumnKind.OBJECT),
            new Column("items", ColumnKind.ARRAY),
            new Column("shipping", ColumnKind.OBJECT),
            new Column("metadata", ColumnKind.OBJECT));

    private static final String[] STATUS = {"placed", "paid", "shipped", "delivered", "returned"};

    private NestedShape() {}

    static void write(JsonGenerator g, long key, long cursor, SplittableRandom r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", key);
        g.writeStringField("updated_at", Fake.timestamp(cursor));
        g.writeStringField("status", STATUS[r.nextInt(STATUS.length)]);
        g.writeNumberField("total", Fake.money(r, 10_000));
        g.writeObjectFieldStart("customer");
        g.writeNumberField("id", r.nextLong(1_000_000));
        g.writeStringField("name", Fake.first(r) + " " + Fake.last(r));
        g.writeStringField("email", Fake.token(r, 10) + "@example.com");
        writeAddress(g, "address", r);
        g.writeArrayFieldStart("phones");
        g.writeString("+1-555-" + Fake.token(r, 7));
        g.writeString("+44-20-" + Fake.token(r, 8));
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("items");
        int items = 5 + r.nextInt(4);
        for (int i = 0; i < items; i++) {
            writeItem(g, r);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("shipping");
        g.writeStringField("carrier", Fake.word(r));
        g.writeStringField("tracking", Fake.token(r, 18));
        writeAddress(g, "to", r);
        g.writeEndObject();
        g.writeObjectFieldStart("metadata");
        g.writeStringField("source", Fake.word(r));
        g.writeStringField("created_at", Fake.pastTimestamp(r));
        g.writeObjectFieldStart("flags");
        g.writeBooleanField("gift", r.nextBoolean());
        g.writeBooleanField("priority", r.nextBoolean());
        g.writeBooleanField("fragile", r.nextBoolean());
        g.writeEndObject();
        g.writeStringField("note", Fake.words(r, 40 + r.nextInt(80)));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeAddress(JsonGenerator g, String field, SplittableRandom r) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("street", (1 + r.nextInt(999)) + " " + Fake.word(r) + " street");
        g.writeStringField("city", Fake.word(r));
        g.writeStringField("postcode", Fake.token(r, 6));
        g.writeStringField("country", Fake.word(r));
        g.writeObjectFieldStart("geo");
        g.writeNumberField("lat", r.nextInt(180_000_000) / 1_000_000.0 - 90);
        g.writeNumberField("lon", r.nextInt(360_000_000) / 1_000_000.0 - 180);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeItem(JsonGenerator g, SplittableRandom r) throws IOException {
        g.writeStartObject();
        g.writeStringField("sku", Fake.token(r, 10));
        g.writeStringField("name", Fake.words(r, 12));
        g.writeStringField("description", Fake.words(r, 20 + r.nextInt(30)));
        g.writeNumberField("quantity", 1 + r.nextInt(9));
        g.writeNumberField("unit_price", Fake.money(r, 500));
        g.writeObjectFieldStart("options");
        g.writeStringField("color", Fake.word(r));
        g.writeStringField("size", Fake.word(r));
        g.writeEndObject();
        g.writeEndObject();
    }
}

package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** About 400 bytes: ids, strings, a decimal, a boolean, two timestamps, a small array and an object. */
final class NarrowShape {
    static final List<Column> COLUMNS = List.of(
            new Column("id", ColumnKind.INTEGER),
            new Column("account_id", ColumnKind.INTEGER),
            new Column("name", ColumnKind.STRING),
            new Column("email", ColumnKind.STRING),
            new Column("status", ColumnKind.STRING),
            new Column("amount", ColumnKind.NUMBER),
            new Column("is_active", ColumnKind.BOOLEAN),
            new Column("created_at", ColumnKind.TIMESTAMP),
            new Column("updated_at", ColumnKind.TIMESTAMP),
            new Column("tags", ColumnKind.ARRAY),
            new Column("attributes", ColumnKind.OBJECT),
            new Column("comment", ColumnKind.STRING));

    private static final String[] STATUS = {"active", "pending", "suspended", "closed"};
    private static final String[] SOURCE = {"web", "mobile", "api", "import"};
    private static final String[] REGION = {"eu-west-1", "us-east-1", "ap-south-1", "sa-east-1"};

    private NarrowShape() {}

    /** The text repeated to exactly {@code chars} characters. */
    private static String big(String text, int chars) {
        String unit = text + " ";
        return unit.repeat(chars / unit.length() + 1).substring(0, chars);
    }

    static void write(JsonGenerator g, long key, long cursor, SplittableRandom r, int bigCommentChars)
            throws IOException {
        String first = Fake.first(r);
        String last = Fake.last(r);
        g.writeStartObject();
        g.writeNumberField("id", key);
        g.writeNumberField("account_id", 1 + r.nextLong(1_000_000));
        g.writeStringField("name", first + " " + last);
        g.writeStringField(
                "email",
                (first + "." + last).toLowerCase(Locale.ROOT).replace("'", "") + r.nextInt(10_000) + "@example.com");
        g.writeStringField("status", STATUS[r.nextInt(STATUS.length)]);
        g.writeNumberField("amount", Fake.money(r, 100_000));
        g.writeBooleanField("is_active", r.nextBoolean());
        g.writeStringField("created_at", Fake.pastTimestamp(r));
        g.writeStringField("updated_at", Fake.timestamp(cursor));
        g.writeArrayFieldStart("tags");
        int tags = 1 + r.nextInt(4);
        for (int i = 0; i < tags; i++) {
            g.writeString(Fake.word(r));
        }
        g.writeEndArray();
        g.writeObjectFieldStart("attributes");
        g.writeStringField("source", SOURCE[r.nextInt(SOURCE.length)]);
        g.writeNumberField("score", r.nextInt(1000) / 1000.0);
        g.writeStringField("region", REGION[r.nextInt(REGION.length)]);
        g.writeStringField("referrer", "https://example.com/" + Fake.token(r, 8));
        g.writeEndObject();
        String comment = Fake.words(r, 15 + r.nextInt(50));
        g.writeStringField("comment", bigCommentChars > 0 ? big(comment, bigCommentChars) : comment);
        g.writeEndObject();
    }
}

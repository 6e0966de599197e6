package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** The kind of records a generated stream carries. Every shape has the key {@code id} and cursor {@code updated_at}. */
enum Shape {
    /** About 12 columns of mixed types, about 400 bytes of JSON per record. */
    NARROW(NarrowShape.COLUMNS),
    /** About 100 columns. */
    WIDE(WideShape.COLUMNS),
    /** A few columns holding deep objects and arrays, about 2 KB of JSON per record. */
    NESTED(NestedShape.COLUMNS);

    static final String KEY = "id";
    static final String CURSOR = "updated_at";

    private final List<Column> columns;

    Shape(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    List<Column> columns() {
        return columns;
    }

    String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Writes the {@code data} object of one record; a positive {@code bigCommentChars} needs NARROW. */
    void writeData(JsonGenerator g, long key, long cursorEpochSecond, SplittableRandom random, int bigCommentChars)
            throws IOException {
        switch (this) {
            case NARROW -> NarrowShape.write(g, key, cursorEpochSecond, random, bigCommentChars);
            case WIDE -> WideShape.write(g, key, cursorEpochSecond, random);
            case NESTED -> NestedShape.write(g, key, cursorEpochSecond, random);
        }
    }
}

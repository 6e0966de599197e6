package io.heropixel.destination.postgres.load;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.protocol.CheckedJson;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.protocol.JsonScan;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Types a record in the JVM while it is loaded: its final-table row as a binary COPY tuple, with exactly
 * the values, NULLs and {@code _airbyte_meta} changes that the SQL typing ({@code typing.TypedSelect})
 * would give. A record with any value whose SQL result is not certain here is refused, and is typed by
 * SQL later (its raw row stays unprocessed). One instance per loader thread and stream.
 *
 * <p>Tuple fields: the user columns in the order given, then {@code _airbyte_raw_id}, {@code
 * _airbyte_extracted_at}, {@code _airbyte_meta}, {@code _airbyte_generation_id}.
 */
public final class RecordTyper {
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the raw rows' text form of other times differs. */
    private static final long MIN_EMITTED_AT = -62_135_596_800_000L;

    private static final long MAX_EMITTED_AT = 253_402_300_799_999L;
    private static final JsonFactory JSON = ProtocolJson.mapper().getFactory();

    private final List<TypedColumn> columns;
    private final long generationId;
    private final ColumnKind[] kinds;
    private final Map<String, Integer> indexes = new HashMap<>();
    private final ColumnLookup lookup;
    private final MetaJson meta;
    private final ValueTyper values = new ValueTyper();
    /** Per column, for the record being typed: its value's first token (null when absent) and bytes. */
    private final JsonToken[] tokens;

    private final int[] starts;
    private final int[] ends;
    private final int[] nulledColumns;
    private long valuesNulled;

    private RecordTyper(List<TypedColumn> columns, ColumnKind[] kinds, long syncId, long generationId) {
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.kinds = kinds;
        this.generationId = generationId;
        for (int i = 0; i < columns.size(); i++) {
            indexes.put(columns.get(i).originalName(), i);
        }
        this.lookup =
                new ColumnLookup(columns.stream().map(TypedColumn::originalName).toList());
        this.meta = new MetaJson(columns, syncId);
        this.tokens = new JsonToken[columns.size()];
        this.starts = new int[columns.size()];
        this.ends = new int[columns.size()];
        this.nulledColumns = new int[columns.size()];
    }

    /**
     * A typer for these columns (the final table's, as {@code TableInspector.typedColumns} reports them),
     * or empty when a column's SQL type is one this class does not encode (the stream is then typed by SQL).
     */
    public static Optional<RecordTyper> forColumns(List<TypedColumn> columns, long syncId, long generationId) {
        ColumnKind[] kinds = new ColumnKind[columns.size()];
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < kinds.length; i++) {
            TypedColumn column = columns.get(i);
            kinds[i] = ColumnKind.of(column);
            if (kinds[i] == null || !names.add(column.originalName()) || !MetaJson.plainName(column.originalName())) {
                return Optional.empty();
            }
        }
        return Optional.of(new RecordTyper(columns, kinds, syncId, generationId));
    }

    /**
     * Types one record into {@code row} (started here). Returns false when the record must be typed by SQL
     * instead; {@code row} then holds nothing useful.
     *
     * @param rawId the record's {@code _airbyte_raw_id}, 36 ASCII bytes
     */
    public boolean type(InputMessage.Record record, byte[] rawId, BinaryRow row) throws IOException {
        return type(
                record, JsonSanitizer.mayNeedCleaning(record.line(), record.dataStart(), record.dataEnd()), rawId, row);
    }

    /**
     * Like {@link #type(InputMessage.Record, byte[], BinaryRow)}, with the record's {@link
     * JsonSanitizer#mayNeedCleaning} already known (the loader scans each record once).
     */
    public boolean type(InputMessage.Record record, boolean mayNeedCleaning, byte[] rawId, BinaryRow row)
            throws IOException {
        JsonNode sourceChanges = record.metaChanges();
        if ((sourceChanges != null && !(sourceChanges.isArray() && sourceChanges.isEmpty()))
                || record.emittedAt() < MIN_EMITTED_AT
                || record.emittedAt() > MAX_EMITTED_AT) {
            return false;
        }
        byte[] line = record.line();
        if (mayNeedCleaning || !locateValues(line, record.dataStart(), record.dataEnd())) {
            return false;
        }
        row.start(columns.size() + 4);
        int nulled = 0;
        for (int i = 0; i < kinds.length; i++) {
            if (tokens[i] == null) {
                row.addNull();
                continue;
            }
            int result = values.type(kinds[i], tokens[i], line, starts[i], ends[i], row);
            if (result == ValueTyper.UNCERTAIN) {
                return false;
            }
            if (result == ValueTyper.NULLED) {
                nulledColumns[nulled++] = i;
            }
        }
        row.addBytes(rawId);
        row.addTimestampFromUnixMicros(record.emittedAt() * 1000);
        meta.write(row, nulledColumns, nulled);
        row.addInt64(generationId);
        valuesNulled += nulled;
        return true;
    }

    /**
     * Finds each column's value in the data object {@code line[dataStart, dataEnd)}; false when a column's
     * property appears twice (or the data is not what the reader accepted).
     */
    private boolean locateValues(byte[] line, int dataStart, int dataEnd) throws IOException {
        Arrays.fill(tokens, null);
        int located = scanValues(line, dataStart, dataEnd);
        return located != SCAN_FAILED ? located == 1 : locateWithJackson(line, dataStart, dataEnd);
    }

    /** {@link #locateValues} by Jackson alone (the scan must give the same answers). */
    boolean locateWithJackson(byte[] line, int dataStart, int dataEnd) throws IOException {
        Arrays.fill(tokens, null);
        try (JsonParser parser = JSON.createParser(line, dataStart, dataEnd - dataStart)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                Integer index = indexes.get(parser.currentName());
                JsonToken value = parser.nextToken();
                if (index == null) {
                    parser.skipChildren();
                    continue;
                }
                int i = index;
                if (tokens[i] != null) {
                    return false;
                }
                // token offsets count from the start of the parsed range
                int start = dataStart + (int) parser.currentTokenLocation().getByteOffset();
                int end =
                        switch (value) {
                            case START_OBJECT, START_ARRAY -> {
                                parser.skipChildren();
                                yield dataStart
                                        + (int) parser.currentTokenLocation().getByteOffset()
                                        + 1;
                            }
                            case VALUE_STRING -> JsonText.stringEnd(line, start);
                            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonText.numberEnd(line, start, dataEnd);
                            case VALUE_TRUE, VALUE_NULL -> start + 4;
                            case VALUE_FALSE -> start + 5;
                            default -> -1;
                        };
                if (end < 0) {
                    return false;
                }
                tokens[i] = value;
                starts[i] = start;
                ends[i] = end;
            }
            return token == JsonToken.END_OBJECT && parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static final int SCAN_FAILED = -1;

    /**
     * {@link #locateValues} without Jackson, for data whose names have no escapes (the data is valid
     * JSON, as the reader checked it, so it is not checked again): 1 when located, 0 when a column's property appears twice, {@link #SCAN_FAILED} when the
     * data is not one this scan takes on (Jackson then decides).
     */
    int scanValues(byte[] line, int dataStart, int dataEnd) {
        Arrays.fill(tokens, null);
        if (line[dataStart] != '{') {
            return SCAN_FAILED;
        }
        int i = JsonScan.whitespace(line, dataStart + 1, dataEnd);
        if (i < dataEnd && line[i] == '}') {
            return i + 1 == dataEnd ? 1 : SCAN_FAILED;
        }
        while (i < dataEnd && line[i] == '"') {
            int nameEnd = CheckedJson.stringEndValid(line, i, dataEnd) - 1;
            if (nameEnd < 0 || JsonText.hasEscape(line, i + 1, nameEnd)) {
                return SCAN_FAILED;
            }
            int index = lookup.indexOf(line, i + 1, nameEnd);
            i = JsonScan.whitespace(line, nameEnd + 1, dataEnd);
            if (i >= dataEnd || line[i] != ':') {
                return SCAN_FAILED;
            }
            int start = JsonScan.whitespace(line, i + 1, dataEnd);
            int end = CheckedJson.skipValid(line, start, dataEnd);
            if (end < 0) {
                return SCAN_FAILED;
            }
            if (index >= 0) {
                if (tokens[index] != null) {
                    return 0;
                }
                tokens[index] = token(line, start, end);
                starts[index] = start;
                ends[index] = end;
            }
            i = JsonScan.whitespace(line, end, dataEnd);
            if (i < dataEnd && line[i] == '}') {
                return i + 1 == dataEnd ? 1 : SCAN_FAILED;
            }
            if (i >= dataEnd || line[i] != ',') {
                return SCAN_FAILED;
            }
            i = JsonScan.whitespace(line, i + 1, dataEnd);
        }
        return SCAN_FAILED;
    }

    /** The token Jackson gives the valid value {@code line[start, end)}. */
    private static JsonToken token(byte[] line, int start, int end) {
        return switch (line[start]) {
            case '{' -> JsonToken.START_OBJECT;
            case '[' -> JsonToken.START_ARRAY;
            case '"' -> JsonToken.VALUE_STRING;
            case 't' -> JsonToken.VALUE_TRUE;
            case 'f' -> JsonToken.VALUE_FALSE;
            case 'n' -> JsonToken.VALUE_NULL;
            default ->
                JsonText.hasExponent(line, start, end) || hasDecimalPoint(line, start, end)
                        ? JsonToken.VALUE_NUMBER_FLOAT
                        : JsonToken.VALUE_NUMBER_INT;
        };
    }

    private static boolean hasDecimalPoint(byte[] line, int start, int end) {
        for (int k = start; k < end; k++) {
            if (line[k] == '.') {
                return true;
            }
        }
        return false;
    }

    /** Per column, the value located last: its token and byte range (for tests). */
    List<String> locatedValues() {
        List<String> located = new java.util.ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            located.add(tokens[i] == null ? "-" : tokens[i] + " " + starts[i] + ".." + ends[i]);
        }
        return located;
    }

    /** Values set to NULL (with a change) in the records typed so far. */
    public long valuesNulled() {
        return valuesNulled;
    }
}

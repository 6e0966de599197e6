package io.heropixel.destination.postgres.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes one record as a row of {@code COPY ... FROM STDIN}, in text format or binary format (for a raw
 * table with the standard column types), in the column order of {@code SqlGenerator.copyRawSql}: {@code _airbyte_raw_id, _airbyte_extracted_at, _airbyte_loaded_at,
 * _airbyte_data, _airbyte_meta, _airbyte_generation_id}.
 *
 * <p>The record's data bytes are copied from the input line as they are (only COPY's escapes are added),
 * unless they contain {@code \u0000} or surrogate escapes: then the data is parsed, cleaned by {@link
 * JsonSanitizer} and re-serialised, and each changed top-level property gets a change in {@code
 * _airbyte_meta}. One encoder per thread (it reuses a buffer).
 */
public final class RawRowEncoder {
    /**
     * Numbers keep their text when a record is cleaned and written again ({@code 8054.30} stays
     * {@code 8054.30}, not {@code 8054.3}): the data must stay as it was sent but for what cleaning removes.
     */
    private static final ObjectMapper JSON =
            ProtocolJson.mapper().copy().configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final DateTimeFormatter EXTRACTED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS'+00'").withZone(ZoneOffset.UTC);
    private static final byte[] NULL = {'\\', 'N'};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long syncId;
    private final long generationId;
    private final byte[] generationText;
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(256);
    /** The meta of a record without changes (most records), encoded once. */
    private final byte[] metaWithoutChanges;

    /** {@code _airbyte_loaded_at} of a raw row not typed yet. */
    public static final long NOT_LOADED = Long.MIN_VALUE;

    private final byte[] row = new byte[128];
    private final byte[] rawId = new byte[36];
    private long cleanedRecords;
    /** The last emitted_at formatted, reused while records share it (sources stamp batches alike). */
    private long lastEmittedAt = Long.MIN_VALUE;

    private byte[] lastExtractedAt;

    public RawRowEncoder(long syncId, long generationId) {
        this.syncId = syncId;
        this.generationId = generationId;
        this.generationText = Long.toString(generationId).getBytes(StandardCharsets.US_ASCII);
        try {
            this.metaWithoutChanges = meta(null, List.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records whose data had to be cleaned (NUL or unpaired surrogates). */
    public long cleanedRecords() {
        return cleanedRecords;
    }

    /** A new random {@code _airbyte_raw_id}: 36 ASCII bytes in a buffer reused by the next call. */
    public byte[] newRawId() {
        randomUuid(rawId);
        return rawId;
    }

    /**
     * Writes one row as a binary COPY tuple (see {@code SqlGenerator.copyRawBinarySql}).
     *
     * @param mayNeedCleaning what {@link JsonSanitizer#mayNeedCleaning} says of the record's data
     * @param loadedAtUnixMicros {@code _airbyte_loaded_at} in microseconds since 1970, or {@link #NOT_LOADED}
     */
    public void writeBinary(
            InputMessage.Record record,
            boolean mayNeedCleaning,
            byte[] rawId,
            long loadedAtUnixMicros,
            BinaryRow row,
            OutputStream out)
            throws IOException {
        row.start(6);
        row.addBytes(rawId, 0, rawId.length);
        row.addTimestampFromUnixMicros(record.emittedAt() * 1000);
        if (loadedAtUnixMicros == NOT_LOADED) {
            row.addNull();
        } else {
            row.addTimestampFromUnixMicros(loadedAtUnixMicros);
        }
        byte[] meta;
        if (mayNeedCleaning) {
            Data data = data(record, true);
            writeJsonb(row, data.bytes(), data.start(), data.end(), out);
            meta = meta(record, data);
        } else { // most records: no Data object
            writeJsonb(row, record.line(), record.dataStart(), record.dataEnd(), out);
            meta = record.metaChanges() == null ? metaWithoutChanges : meta(record.metaChanges(), List.of());
        }
        row.addJsonb(meta, 0, meta.length);
        row.addInt64(generationId);
        row.writeTo(out);
    }

    /** The data goes from the line to the COPY as it is: a huge record is not copied again. */
    private static void writeJsonb(BinaryRow row, byte[] bytes, int start, int end, OutputStream out)
            throws IOException {
        row.addJsonbPrefix(end - start);
        row.writeTo(out);
        out.write(bytes, start, end - start);
        row.clear();
    }

    /** Writes one row in text format, including its terminating newline. */
    public void write(InputMessage.Record record, OutputStream out) throws IOException {
        int p = randomUuid(row);
        row[p++] = '\t';
        byte[] extractedAt = extractedAt(record.emittedAt());
        System.arraycopy(extractedAt, 0, row, p, extractedAt.length);
        p += extractedAt.length;
        row[p++] = '\t';
        row[p++] = NULL[0];
        row[p++] = NULL[1];
        row[p++] = '\t';
        out.write(row, 0, p);
        Data data = data(record, JsonSanitizer.mayNeedCleaning(record.line(), record.dataStart(), record.dataEnd()));
        writeEscaped(data.bytes(), data.start(), data.end(), out);
        out.write('\t');
        byte[] meta = meta(record, data);
        writeEscaped(meta, 0, meta.length, out);
        out.write('\t');
        out.write(generationText);
        out.write('\n');
    }

    /** The record's data bytes: a slice of its line, or the cleaned copy with the changes made. */
    private record Data(byte[] bytes, int start, int end, List<JsonSanitizer.FieldChange> changes) {}

    private Data data(InputMessage.Record record, boolean mayNeedCleaning) throws IOException {
        byte[] line = record.line();
        if (!mayNeedCleaning) {
            return new Data(line, record.dataStart(), record.dataEnd(), List.of());
        }
        ObjectNode data = (ObjectNode) JSON.readTree(line, record.dataStart(), record.dataLength());
        List<JsonSanitizer.FieldChange> changedFields = JsonSanitizer.cleanData(data);
        if (!changedFields.isEmpty()) {
            cleanedRecords++;
        }
        byte[] cleaned = JSON.writeValueAsBytes(data);
        return new Data(cleaned, 0, cleaned.length, changedFields);
    }

    private byte[] meta(InputMessage.Record record, Data data) throws IOException {
        return record.metaChanges() == null && data.changes().isEmpty()
                ? metaWithoutChanges
                : meta(record.metaChanges(), data.changes());
    }

    private byte[] meta(JsonNode sourceChanges, List<JsonSanitizer.FieldChange> changedFields) throws IOException {
        scratch.reset();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(scratch)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("changes");
            if (sourceChanges != null) {
                for (JsonNode change : sourceChanges) {
                    JSON.writeTree(generator, JsonSanitizer.cleanValue(change));
                }
            }
            for (JsonSanitizer.FieldChange change : changedFields) {
                generator.writeStartObject();
                generator.writeStringField("field", change.field());
                generator.writeStringField("change", change.change());
                generator.writeStringField("reason", "DESTINATION_SERIALIZATION_ERROR");
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeNumberField("sync_id", syncId);
            generator.writeEndObject();
        }
        return scratch.toByteArray();
    }

    /** Writes bytes escaped for COPY text format: backslash, newline, carriage return and tab. */
    static void writeEscaped(byte[] bytes, int start, int end, OutputStream out) throws IOException {
        int run = start;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            byte escape =
                    switch (b) {
                        case '\\' -> '\\';
                        case '\n' -> 'n';
                        case '\r' -> 'r';
                        case '\t' -> 't';
                        default -> 0;
                    };
            if (escape != 0) {
                if (i > run) {
                    out.write(bytes, run, i - run);
                }
                out.write('\\');
                out.write(escape);
                run = i + 1;
            }
        }
        if (end > run) {
            out.write(bytes, run, end - run);
        }
    }

    private byte[] extractedAt(long emittedAt) {
        if (emittedAt != lastEmittedAt) {
            lastExtractedAt =
                    EXTRACTED_AT.format(Instant.ofEpochMilli(emittedAt)).getBytes(StandardCharsets.US_ASCII);
            lastEmittedAt = emittedAt;
        }
        return lastExtractedAt;
    }

    /**
     * A random (version 4) UUID as 36 ASCII bytes at the start of {@code out}; not cryptographic, only
     * unique. Returns 36.
     */
    private static int randomUuid(byte[] out) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        int p = 0;
        for (int i = 0; i < 16; i++) {
            long source = i < 8 ? msb : lsb;
            int shift = (7 - (i % 8)) * 8;
            int value = (int) ((source >>> shift) & 0xff);
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[p++] = '-';
            }
            out[p++] = (byte) HEX[value >>> 4];
            out[p++] = (byte) HEX[value & 0xf];
        }
        return p;
    }

    public long generationId() {
        return generationId;
    }
}

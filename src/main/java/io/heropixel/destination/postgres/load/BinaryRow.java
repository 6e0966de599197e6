package io.heropixel.destination.postgres.load;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds tuples of {@code COPY ... FROM STDIN (FORMAT binary)} in a reusable buffer: a field count, then
 * each field as a 32-bit length (-1 for NULL) and its bytes in the type's binary (send/recv) format. The
 * stream starts with {@link #HEADER} and ends with {@link #TRAILER}. One instance per thread.
 */
public final class BinaryRow {
    /** Signature, flags (no OIDs) and an empty header extension. */
    public static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    /** The field count -1 that ends the data. */
    public static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};

    /** Microseconds from the Unix epoch to Postgres' epoch (2000-01-01 00:00:00 UTC). */
    public static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** Days from 1970-01-01 to 2000-01-01. */
    public static final int POSTGRES_EPOCH_DAYS = 10_957;

    private static final int JSONB_VERSION = 1;

    private byte[] buf = new byte[1024];
    private int len;

    /** Starts a new tuple of {@code fields} fields, discarding anything not written out. */
    public void start(int fields) {
        len = 0;
        ensure(2);
        putShort(fields);
    }

    public void addNull() {
        ensure(4);
        putInt(-1);
    }

    public void addInt64(long value) {
        ensure(12);
        putInt(8);
        putLong(value);
    }

    public void addInt32(int value) {
        ensure(8);
        putInt(4);
        putInt(value);
    }

    public void addBoolean(boolean value) {
        ensure(5);
        putInt(1);
        buf[len++] = (byte) (value ? 1 : 0);
    }

    /** A {@code timestamp}/{@code timestamptz} value from microseconds since 1970-01-01 00:00:00 UTC. */
    public void addTimestampFromUnixMicros(long unixMicros) {
        addInt64(unixMicros - POSTGRES_EPOCH_MICROS);
    }

    /** A {@code date} value from days since 1970-01-01. */
    public void addDateFromUnixDays(long unixDays) {
        addInt32((int) (unixDays - POSTGRES_EPOCH_DAYS));
    }

    /** A text-like value ({@code varchar}, {@code text}): the UTF-8 bytes. */
    public void addBytes(byte[] bytes, int offset, int length) {
        ensure(4 + length);
        putInt(length);
        System.arraycopy(bytes, offset, buf, len, length);
        len += length;
    }

    public void addBytes(byte[] bytes) {
        addBytes(bytes, 0, bytes.length);
    }

    public void addText(String value) {
        addBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code jsonb} value from its JSON text (UTF-8): the version byte, then the text. */
    public void addJsonb(byte[] json, int offset, int length) {
        ensure(5 + length);
        putInt(length + 1);
        buf[len++] = JSONB_VERSION;
        System.arraycopy(json, offset, buf, len, length);
        len += length;
    }

    /**
     * Starts a {@code jsonb} field of {@code length} bytes of JSON text that the caller writes to the output
     * itself, right after {@link #writeTo} (so a huge value is not copied into this buffer); then {@link
     * #clear} and go on with the next field.
     */
    public void addJsonbPrefix(int length) {
        ensure(5);
        putInt(length + 1);
        buf[len++] = JSONB_VERSION;
    }

    /** Discards what was built (after {@link #writeTo}), to go on with the tuple's next fields. */
    public void clear() {
        len = 0;
    }

    /**
     * Starts a field whose bytes are appended with {@link #append} and whose length is only known at the
     * end; returns the mark to pass to {@link #endField}.
     */
    public int beginField() {
        ensure(4);
        int mark = len;
        len += 4;
        return mark;
    }

    public void append(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    public void append(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, len, length);
        len += length;
    }

    public void appendShort(int value) {
        ensure(2);
        putShort(value);
    }

    /** Writes the length of the field begun at {@code mark}. */
    public void endField(int mark) {
        int length = len - mark - 4;
        buf[mark] = (byte) (length >>> 24);
        buf[mark + 1] = (byte) (length >>> 16);
        buf[mark + 2] = (byte) (length >>> 8);
        buf[mark + 3] = (byte) length;
    }

    /** Bytes of the tuple so far. */
    public int length() {
        return len;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    private void putShort(int value) {
        buf[len++] = (byte) (value >>> 8);
        buf[len++] = (byte) value;
    }

    private void putInt(int value) {
        buf[len++] = (byte) (value >>> 24);
        buf[len++] = (byte) (value >>> 16);
        buf[len++] = (byte) (value >>> 8);
        buf[len++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}

package io.heropixel.destination.postgres.protocol;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link MessageReader} for the common line: a RECORD without {@code meta}, whose
 * envelope names have no escapes, whose {@code stream} (and {@code namespace}) are plain strings and whose
 * {@code emitted_at} is a plain integer. The whole line is checked with {@link JsonScan}, so the record
 * this returns is exactly the one the Jackson path would return; anything else gives null and the line is
 * parsed by Jackson (which also reports any error).
 */
final class FastRecordLine {
    private static final byte[] TYPE = bytes("type");
    private static final byte[] RECORD_TYPE = bytes("RECORD");
    private static final byte[] RECORD = bytes("record");
    private static final byte[] STATE = bytes("state");
    private static final byte[] TRACE = bytes("trace");
    private static final byte[] STREAM = bytes("stream");
    private static final byte[] NAMESPACE = bytes("namespace");
    private static final byte[] EMITTED_AT = bytes("emitted_at");
    private static final byte[] DATA = bytes("data");
    private static final byte[] META = bytes("meta");
    private static final int MAX_LONG_DIGITS = 18;

    private byte[] line;
    /** The stream name's bytes between the quotes, or -1; the namespace's likewise (-1: not a string). */
    private int streamFrom;

    private int streamTo;
    private int namespaceFrom;
    private int namespaceTo;
    private boolean hasNamespace;
    private boolean hasEmittedAt;
    private long emittedAt;
    private int dataStart;
    private int dataEnd;
    /** The last descriptor made, and the bytes it was made from: records of one stream come in runs. */
    private StreamDescriptor lastDescriptor;

    private byte[] lastStream;
    private byte[] lastNamespace;

    /**
     * The record on this line, or null when the line is not one this fast path takes on. One instance per
     * thread: it keeps the last stream descriptor for the next line.
     */
    InputMessage.Record read(long lineNumber, byte[] line) {
        this.line = line;
        streamFrom = -1;
        namespaceFrom = -1;
        hasNamespace = false;
        hasEmittedAt = false;
        dataStart = -1;
        if (!message() || streamFrom < 0 || streamTo == streamFrom || dataStart < 0) {
            return null;
        }
        return new InputMessage.Record(lineNumber, descriptor(), emittedAt, line, dataStart, dataEnd, null);
    }

    private StreamDescriptor descriptor() {
        boolean sameNamespace = namespaceFrom < 0
                ? lastNamespace == null
                : lastNamespace != null
                        && Arrays.equals(line, namespaceFrom, namespaceTo, lastNamespace, 0, lastNamespace.length);
        if (lastDescriptor == null
                || !sameNamespace
                || !Arrays.equals(line, streamFrom, streamTo, lastStream, 0, lastStream.length)) {
            lastStream = Arrays.copyOfRange(line, streamFrom, streamTo);
            lastNamespace = namespaceFrom < 0 ? null : Arrays.copyOfRange(line, namespaceFrom, namespaceTo);
            lastDescriptor = new StreamDescriptor(
                    lastNamespace == null ? null : new String(lastNamespace, StandardCharsets.UTF_8),
                    new String(lastStream, StandardCharsets.UTF_8));
        }
        return lastDescriptor;
    }

    private boolean message() {
        int end = line.length;
        int i = JsonScan.whitespace(line, 0, end);
        if (i >= end || line[i] != '{') {
            return false;
        }
        boolean type = false;
        boolean record = false;
        i = JsonScan.whitespace(line, i + 1, end);
        while (true) {
            int nameEnd = name(i);
            if (nameEnd < 0) {
                return false;
            }
            int v = valueStart(nameEnd + 1);
            if (v < 0) {
                return false;
            }
            if (is(i + 1, nameEnd, TYPE)) {
                if (type || v >= end || line[v] != '"') {
                    return false;
                }
                type = true;
                i = JsonScan.string(line, v, end);
                if (i < 0 || !is(v + 1, i - 1, RECORD_TYPE)) {
                    return false;
                }
            } else if (is(i + 1, nameEnd, RECORD)) {
                if (record) {
                    return false;
                }
                record = true;
                i = record(v);
            } else if (is(i + 1, nameEnd, STATE) || is(i + 1, nameEnd, TRACE)) {
                return false;
            } else {
                i = JsonScan.value(line, v, end);
            }
            i = i < 0 ? i : JsonScan.whitespace(line, i, end);
            if (i < 0 || i >= end) {
                return false;
            }
            if (line[i] == '}') {
                return type && record && JsonScan.whitespace(line, i + 1, end) == end;
            }
            if (line[i] != ',') {
                return false;
            }
            i = JsonScan.whitespace(line, i + 1, end);
        }
    }

    /** The record object at {@code i}; the index past it, or FAIL. */
    private int record(int i) {
        int end = line.length;
        if (i >= end || line[i] != '{') {
            return JsonScan.FAIL;
        }
        i = JsonScan.whitespace(line, i + 1, end);
        while (true) {
            int nameEnd = name(i);
            if (nameEnd < 0) {
                return JsonScan.FAIL;
            }
            int v = valueStart(nameEnd + 1);
            if (v < 0 || v >= end) {
                return JsonScan.FAIL;
            }
            if (is(i + 1, nameEnd, STREAM)) {
                i = stream(v);
            } else if (is(i + 1, nameEnd, NAMESPACE)) {
                i = namespace(v);
            } else if (is(i + 1, nameEnd, EMITTED_AT)) {
                if (hasEmittedAt) {
                    return JsonScan.FAIL;
                }
                hasEmittedAt = true;
                i = emittedAt(v);
            } else if (is(i + 1, nameEnd, DATA)) {
                if (dataStart >= 0 || line[v] != '{') {
                    return JsonScan.FAIL;
                }
                i = JsonScan.value(line, v, end);
                dataStart = v;
                dataEnd = i;
            } else if (is(i + 1, nameEnd, META)) {
                return JsonScan.FAIL;
            } else {
                i = JsonScan.value(line, v, end);
            }
            i = i < 0 ? i : JsonScan.whitespace(line, i, end);
            if (i < 0 || i >= end) {
                return JsonScan.FAIL;
            }
            if (line[i] == '}') {
                return hasEmittedAt ? i + 1 : JsonScan.FAIL;
            }
            if (line[i] != ',') {
                return JsonScan.FAIL;
            }
            i = JsonScan.whitespace(line, i + 1, end);
        }
    }

    /** The {@code stream} value at {@code v} (a string without escapes); the index past it, or FAIL. */
    private int stream(int v) {
        if (streamFrom >= 0 || line[v] != '"') {
            return JsonScan.FAIL;
        }
        int i = JsonScan.string(line, v, line.length);
        if (i < 0 || hasBackslash(v + 1, i - 1)) {
            return JsonScan.FAIL;
        }
        streamFrom = v + 1;
        streamTo = i - 1;
        return i;
    }

    /** The {@code namespace} value at {@code v} (a string without escapes, or null); past it, or FAIL. */
    private int namespace(int v) {
        if (hasNamespace || line[v] == '{' || line[v] == '[') {
            return JsonScan.FAIL; // the Jackson path reads into such a namespace: leave it that
        }
        hasNamespace = true;
        int i = JsonScan.value(line, v, line.length);
        if (i >= 0 && line[v] == '"') {
            if (hasBackslash(v + 1, i - 1)) {
                return JsonScan.FAIL;
            }
            namespaceFrom = v + 1;
            namespaceTo = i - 1;
        }
        return i;
    }

    /** A plain integer of at most 18 digits at {@code i}: the index past it, or FAIL. */
    private int emittedAt(int i) {
        int end = JsonScan.number(line, i, line.length);
        if (end < 0) {
            return JsonScan.FAIL;
        }
        boolean negative = line[i] == '-';
        int digits = negative ? i + 1 : i;
        if (end - digits > MAX_LONG_DIGITS) {
            return JsonScan.FAIL;
        }
        long value = 0;
        for (int k = digits; k < end; k++) {
            byte c = line[k];
            if (c < '0' || c > '9') {
                return JsonScan.FAIL; // a fraction or an exponent
            }
            value = value * 10 + (c - '0');
        }
        emittedAt = negative ? -value : value;
        return end;
    }

    /** The index of the closing quote of the name at {@code i} if it has no escapes, or FAIL. */
    private int name(int i) {
        if (i >= line.length || line[i] != '"') {
            return JsonScan.FAIL;
        }
        int end = JsonScan.string(line, i, line.length);
        if (end < 0 || end - i > JsonScan.MAX_NAME || hasBackslash(i + 1, end - 1)) {
            return JsonScan.FAIL;
        }
        return end - 1;
    }

    /** After a name's closing quote: the index of its value, or FAIL. */
    private int valueStart(int i) {
        i = JsonScan.whitespace(line, i, line.length);
        if (i >= line.length || line[i] != ':') {
            return JsonScan.FAIL;
        }
        return JsonScan.whitespace(line, i + 1, line.length);
    }

    private boolean hasBackslash(int from, int to) {
        for (int k = from; k < to; k++) {
            if (line[k] == '\\') {
                return true;
            }
        }
        return false;
    }

    private boolean is(int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (line[from + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.heropixel.destination.postgres.protocol;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into lines on {@code \n} (a trailing {@code \r} is dropped) with no length limit.
 * Each line is returned as an exactly sized array; while a long line is read it is held in 1 MiB chunks,
 * so a line of N bytes needs about 2N bytes at its peak.
 */
public final class LineReader {
    private static final int BUFFER = 1 << 16;
    private static final int CHUNK = 1 << 20;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long lineNumber;
    private long bytesRead;

    public LineReader(InputStream in) {
        this.in = requireNonNull(in, "in is null");
    }

    /** The number of the line last returned (1-based). */
    public long lineNumber() {
        return lineNumber;
    }

    /** Bytes consumed so far, line terminators included. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The next line without its terminator, or null at the end of the input. */
    public byte[] next() throws IOException {
        List<byte[]> chunks = null;
        byte[] current = null;
        int currentLength = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (chunks == null && current == null) {
                    return null;
                }
                lineNumber++;
                return join(chunks, current, currentLength);
            }
            int newline = indexOf(buffer, position, limit);
            int end = newline < 0 ? limit : newline;
            int length = end - position;
            if (current == null) {
                current = new byte[Math.max(length, Math.min(CHUNK, Math.max(length, 256)))];
            }
            int offset = 0;
            while (offset < length) {
                if (currentLength == current.length) {
                    if (chunks == null) {
                        chunks = new ArrayList<>();
                    }
                    chunks.add(current);
                    current = new byte[Math.min(CHUNK, Math.max(256, current.length * 2))];
                    currentLength = 0;
                }
                int n = Math.min(length - offset, current.length - currentLength);
                System.arraycopy(buffer, position + offset, current, currentLength, n);
                currentLength += n;
                offset += n;
            }
            position = end;
            if (newline >= 0) {
                position++;
                lineNumber++;
                return join(chunks, current, currentLength);
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        bytesRead += n;
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long newlines = WordScan.equalTo(WordScan.word(bytes, i), (byte) '\n');
            if (newlines != 0) {
                return i + WordScan.firstByte(newlines);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] join(List<byte[]> chunks, byte[] current, int currentLength) {
        int total = currentLength;
        if (chunks != null) {
            for (byte[] chunk : chunks) {
                total += chunk.length;
            }
        }
        if (currentLength > 0 && current[currentLength - 1] == '\r') {
            total--;
            currentLength--;
        }
        if (chunks == null && current.length == currentLength) {
            return current;
        }
        byte[] line = new byte[total];
        int offset = 0;
        if (chunks != null) {
            for (byte[] chunk : chunks) {
                System.arraycopy(chunk, 0, line, offset, chunk.length);
                offset += chunk.length;
            }
        }
        System.arraycopy(current, 0, line, offset, currentLength);
        return line;
    }
}

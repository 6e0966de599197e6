package io.heropixel.destination.postgres.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time: a little-endian {@code long} read from a byte array, and masks with
 * the high bit set in each byte that matches. In every mask the lowest set bit marks the first match
 * exactly (bits above it may be false positives), so callers jump to {@link #firstByte} and look there.
 */
public final class WordScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private WordScan() {}

    /** The eight bytes {@code b[i, i + 8)} as a little-endian long. */
    public static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** High bits of the bytes equal to {@code c} (exact up to the first match). */
    public static long equalTo(long word, byte c) {
        long x = word ^ (ONES * (c & 0xFF));
        return (x - ONES) & ~x & HIGHS;
    }

    /** High bits of the bytes below {@code n} ({@code n <= 128}; exact up to the first match). */
    public static long below(long word, int n) {
        return (word - ONES * n) & ~word & HIGHS;
    }

    /** High bits of the bytes at or above 0x80. */
    public static long nonAscii(long word) {
        return word & HIGHS;
    }

    /**
     * Skips whole words from {@code i} that hold neither {@code x} nor a byte that ORed with {@code yFold}
     * (the same mask in every byte, 0 for none) is {@code y}: returns the index of the first such byte, or
     * where fewer than eight bytes are left before {@code end} (the caller looks at those one by one).
     */
    public static int skipWordsWithout(byte[] b, int i, int end, byte x, byte y, long yFold) {
        int at = i;
        while (at + 8 <= end) {
            long word = word(b, at);
            long match = equalTo(word, x) | equalTo(word | yFold, y);
            if (match != 0) {
                return at + firstByte(match);
            }
            at += 8;
        }
        return at;
    }

    /** The offset (0-7) of the first byte a non-zero mask marks. */
    public static int firstByte(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}

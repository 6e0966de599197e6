package io.heropixel.destination.postgres.protocol;

/**
 * Finds the byte sequences that the JSON parser lets through but Postgres rejects as invalid UTF-8:
 * overlong encodings (lead bytes {@code C0}, {@code C1}, {@code E0 80..9F}, {@code F0 80..8F}), encoded
 * UTF-16 surrogates ({@code ED A0..BF}) and code points above U+10FFFF ({@code F4 90..BF}, {@code F5..FF}).
 * Without this check such a record would fail the whole COPY batch with no line number.
 */
final class StrictUtf8 {
    private StrictUtf8() {}

    /** The offset of the first invalid sequence in {@code bytes[start, end)}, or -1. */
    static int firstInvalid(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 0xC0) {
                continue;
            }
            int next = i + 1 < end ? bytes[i + 1] & 0xFF : 0;
            boolean invalid = b == 0xC0
                    || b == 0xC1
                    || b >= 0xF5
                    || (b == 0xE0 && next < 0xA0)
                    || (b == 0xED && next >= 0xA0)
                    || (b == 0xF0 && next < 0x90)
                    || (b == 0xF4 && next >= 0x90);
            if (invalid) {
                return i;
            }
        }
        return -1;
    }
}

package io.heropixel.destination.postgres.load;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds a column's index by its property name given as UTF-8 bytes (an unescaped JSON name), without
 * building a String: an open-addressing table over the names' bytes.
 */
final class ColumnLookup {
    private final byte[][] names;
    private final int[] slots;
    private final int mask;

    ColumnLookup(List<String> names) {
        this.names = new byte[names.size()][];
        int size = Integer.highestOneBit(Math.max(4, names.size() * 4) - 1) << 1;
        this.slots = new int[size];
        this.mask = size - 1;
        for (int i = 0; i < names.size(); i++) {
            byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
            this.names[i] = name;
            int slot = hash(name, 0, name.length) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = i + 1;
        }
    }

    /** The index of the column named {@code b[from, to)}, or -1. */
    int indexOf(byte[] b, int from, int to) {
        int slot = hash(b, from, to) & mask;
        while (true) {
            int entry = slots[slot];
            if (entry == 0) {
                return -1;
            }
            byte[] name = names[entry - 1];
            if (name.length == to - from && java.util.Arrays.equals(name, 0, name.length, b, from, to)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = h * 31 + b[i];
        }
        return h ^ (h >>> 16);
    }
}

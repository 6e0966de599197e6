package io.heropixel.destination.postgres.connection.ssh;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Serves {@code first}, runs {@code between} once when it is consumed, then serves {@code second}. */
final class GatedInput extends InputStream {
    private final byte[] first;
    private final byte[] second;
    private final Runnable between;
    private int position;
    private boolean passed;

    GatedInput(String first, String second, Runnable between) {
        this.first = first.getBytes(StandardCharsets.UTF_8);
        this.second = second.getBytes(StandardCharsets.UTF_8);
        this.between = between;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!passed && position == first.length) {
            between.run();
            passed = true;
            position = 0;
        }
        byte[] current = passed ? second : first;
        if (position == current.length) {
            return -1;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }
}

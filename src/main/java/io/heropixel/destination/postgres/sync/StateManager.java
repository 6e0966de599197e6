package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Echoes STATE messages once the records they cover are committed. Streams are numbered {@code 0..n-1}.
 *
 * <p>A STREAM state covers the earlier records of its stream; a GLOBAL or LEGACY state covers the earlier
 * records of every stream. States are echoed exactly once, byte for byte as they arrived except for
 * {@code destinationStats} (see {@code protocol.StateLine}), in the order they arrived (a waiting state holds back the ones after it).
 * After {@link #fail()} nothing more is echoed. Thread-safe: the stdin reader reports arrivals, loader
 * threads report commits.
 */
public final class StateManager {
    private final long[] received;
    private final long[] committed;
    private final long[] sinceStreamState;
    private long sinceGlobalState;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private boolean failed;
    private long echoed;
    private final ProtocolWriter protocol;

    /** A state waiting for commits; {@code need[i]} is the number of records of stream i to be committed. */
    private record Pending(InputMessage.State state, long recordCount, long[] need, long arrivedNanos) {}

    /** @param protocol where the STATEs are echoed */
    public StateManager(int streams, ProtocolWriter protocol) {
        this.protocol = protocol;
        received = new long[streams];
        committed = new long[streams];
        sinceStreamState = new long[streams];
    }

    /** A record of stream {@code index} was read (call before the record is handed to a loader). */
    public synchronized void recordReceived(int index) {
        received[index]++;
        sinceStreamState[index]++;
        sinceGlobalState++;
    }

    /**
     * A STATE was read. {@code streamIndex} is the stream of a STREAM state, or -1 (GLOBAL, LEGACY, or a
     * stream that is not in the catalog).
     */
    public synchronized void stateReceived(InputMessage.State state, int streamIndex) {
        long[] need = new long[received.length];
        long count;
        if (state.kind() == InputMessage.StateKind.STREAM) {
            Arrays.fill(need, 0);
            if (streamIndex >= 0) {
                need[streamIndex] = received[streamIndex];
                count = sinceStreamState[streamIndex];
                sinceStreamState[streamIndex] = 0;
            } else {
                count = 0;
            }
        } else {
            System.arraycopy(received, 0, need, 0, received.length);
            count = sinceGlobalState;
            sinceGlobalState = 0;
            Arrays.fill(sinceStreamState, 0);
        }
        pending.addLast(new Pending(state, count, need, System.nanoTime()));
        echoReady();
    }

    /** Stream {@code index} has {@code total} records committed in all (a running total). */
    public synchronized void committed(int index, long total) {
        committed[index] = Math.max(committed[index], total);
        echoReady();
    }

    /** Stops echoing: a write failed, so later states must not be acknowledged. */
    public synchronized void fail() {
        failed = true;
    }

    /**
     * The waiting time in nanoseconds of the oldest state that waits for more commits of stream {@code
     * index}, or -1 when no state waits for it.
     */
    public synchronized long waitingNanos(int index, long now) {
        for (Pending p : pending) {
            if (p.need[index] > committed[index]) {
                return now - p.arrivedNanos;
            }
        }
        return -1;
    }

    public synchronized long echoedCount() {
        return echoed;
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    public synchronized long received(int index) {
        return received[index];
    }

    private void echoReady() {
        while (!failed && !pending.isEmpty() && covered(pending.peekFirst())) {
            Pending next = pending.removeFirst();
            protocol.writeState(next.state.line(), next.recordCount);
            echoed++;
        }
    }

    private boolean covered(Pending p) {
        for (int i = 0; i < committed.length; i++) {
            if (p.need[i] > committed[i]) {
                return false;
            }
        }
        return true;
    }
}

package io.heropixel.destination.postgres.load;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.protocol.InputMessage;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads records into Postgres on a fixed set of threads, each with its own connection. The stdin reader
 * hands records to {@link #submit}; a loader thread takes a stream with waiting records, streams them into
 * one open COPY and commits it when {@link CommitPolicy} says so (batch size, a waiting STATE, batch age,
 * end of input). A thread
 * whose stream runs dry while other streams wait releases it, so any number of streams share the threads.
 * Memory is bounded by bytes ({@link ByteBudget}): the reader blocks while too much input waits.
 */
public final class LoaderPool {
    private static final Logger LOG = LoggerFactory.getLogger(LoaderPool.class);
    private static final long STACK_BYTES = 64L << 20;
    private static final long IDLE_WAIT_MILLIS = 50;
    private static final int TAKE_AT_ONCE = 256;

    private final Object lock = new Object();
    private final LoadCallbacks callbacks;
    private final CommitPolicy commitPolicy;
    private final ByteBudget budget;
    private final List<StreamLoader> loaders;
    private final Deque<StreamLoader> ready = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Streams waiting for a loader thread (read without the lock for fairness checks). */
    private volatile int waiting;

    private boolean inputEnded;
    private boolean stopping;
    private Throwable failure;
    private String failedWhile;

    public LoaderPool(List<StreamLoader> loaders, LoadSettings settings, LoadCallbacks callbacks) {
        this.loaders = List.copyOf(loaders);
        requireNonNull(settings, "settings is null");
        this.callbacks = requireNonNull(callbacks, "callbacks is null");
        this.commitPolicy = new CommitPolicy(settings, callbacks);
        this.budget = new ByteBudget(settings.memoryBytes());
    }

    /**
     * Starts one loader thread per connection; the pool does not close the connections. {@code
     * typedConnections} (one per loader, or none when no stream types while loading) carry the COPYs of
     * rows typed while loading.
     */
    public void start(List<Connection> connections, List<Connection> typedConnections) {
        if (!typedConnections.isEmpty() && typedConnections.size() != connections.size()) {
            throw new IllegalArgumentException("one typed connection per loader connection, or none");
        }
        for (int i = 0; i < connections.size(); i++) {
            Connection connection = connections.get(i);
            Connection typedConnection = typedConnections.isEmpty() ? null : typedConnections.get(i);
            Thread thread = new Thread(null, () -> work(connection, typedConnection), "loader-" + (i + 1), STACK_BYTES);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Queues a record for its stream; blocks while the memory budget is used up. */
    public void submit(StreamLoader loader, InputMessage.Record record) throws InterruptedException {
        budget.acquire(record.weight());
        synchronized (lock) {
            if (failure != null) {
                budget.release(record.weight());
                throw new LoadAbortedException();
            }
            loader.queue.addLast(record);
            if (!loader.owned && !loader.ready) {
                loader.ready = true;
                ready.addLast(loader);
                waiting = ready.size();
            }
            lock.notifyAll();
        }
    }

    /** True once a loader failed; the reader should stop. */
    public boolean failed() {
        synchronized (lock) {
            return failure != null;
        }
    }

    /** Bytes of input waiting in memory. */
    public long queuedBytes() {
        return budget.used();
    }

    /**
     * Marks the end of input, waits until every queued record is committed, stops the threads and
     * rethrows the first failure (wrapped with what was being done).
     */
    public void finish() throws InterruptedException {
        synchronized (lock) {
            inputEnded = true;
            lock.notifyAll();
            while (failure == null && !allDrained()) {
                lock.wait(200);
            }
        }
        stop();
        rethrowFailure();
    }

    /** Stops the threads after a failure elsewhere (for example bad input); open COPYs are cancelled. */
    public void abort(Throwable cause) {
        fail(cause, "reading the input");
        stop();
    }

    private void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void rethrowFailure() {
        synchronized (lock) {
            if (failure == null) {
                return;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw LoadFailedException.of(failedWhile, failure);
        }
    }

    private boolean allDrained() {
        for (StreamLoader loader : loaders) {
            if (!loader.queue.isEmpty() || loader.owned || loader.ready) {
                return false;
            }
        }
        return true;
    }

    private void fail(Throwable cause, String what) {
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
                failedWhile = what;
            }
            lock.notifyAll();
        }
        callbacks.failed(cause);
        budget.abort();
    }

    private void work(Connection connection, Connection typedConnection) {
        while (true) {
            StreamLoader loader;
            synchronized (lock) {
                while (ready.isEmpty() && !stopping && failure == null) {
                    waitQuietly(200);
                }
                if (failure != null || ready.isEmpty()) {
                    return;
                }
                loader = ready.removeFirst();
                waiting = ready.size();
                loader.ready = false;
                loader.owned = true;
            }
            try {
                drain(connection, typedConnection, loader);
            } catch (LoadAbortedException e) {
                loader.cancel();
                return;
            } catch (Throwable e) {
                loader.cancel();
                LOG.error("Failed while {}: {}", loader.describe(), e.toString());
                fail(
                        e instanceof LoadAbortedException ? e : LoadFailedException.of(loader.describe(), e),
                        loader.describe());
                return;
            }
        }
    }

    /** Loads one stream until it runs dry and may be released. */
    private void drain(Connection connection, Connection typedConnection, StreamLoader loader) throws Exception {
        Deque<InputMessage.Record> taken = new ArrayDeque<>();
        while (true) {
            boolean commit = false;
            if (taken.isEmpty()) {
                synchronized (lock) {
                    while (true) {
                        if (failure != null) {
                            throw new LoadAbortedException();
                        }
                        for (int i = 0; i < TAKE_AT_ONCE && !loader.queue.isEmpty(); i++) {
                            taken.addLast(loader.queue.removeFirst());
                        }
                        if (!taken.isEmpty()) {
                            break;
                        }
                        if (loader.uncommitted() > 0
                                && commitPolicy.whenIdle(loader, inputEnded || stopping || !ready.isEmpty())) {
                            commit = true;
                            break;
                        }
                        if (loader.uncommitted() == 0 && (inputEnded || !ready.isEmpty() || stopping)) {
                            loader.owned = false;
                            lock.notifyAll();
                            return;
                        }
                        waitQuietly(IDLE_WAIT_MILLIS);
                    }
                }
            }
            InputMessage.Record record = taken.pollFirst();
            if (record != null) {
                loader.write(connection, typedConnection, record);
                budget.release(record.weight());
                commit = commitPolicy.whileBusy(loader, waiting > 0);
            }
            if (commit) {
                callbacks.committed(loader.index(), loader.commit());
                callbacks.betweenBatches(connection, loader);
                if (waiting > 0 && yieldTo(loader, taken)) {
                    return;
                }
            }
        }
    }

    /**
     * Lets a waiting stream have this thread: puts the records taken back and queues this stream again.
     * Returns false when no stream waits any more.
     */
    private boolean yieldTo(StreamLoader loader, Deque<InputMessage.Record> taken) {
        synchronized (lock) {
            if (ready.isEmpty()) {
                return false;
            }
            while (!taken.isEmpty()) {
                loader.queue.addFirst(taken.removeLast());
            }
            loader.owned = false;
            if (!loader.queue.isEmpty()) {
                loader.ready = true;
                ready.addLast(loader);
                waiting = ready.size();
            }
            lock.notifyAll();
            return true;
        }
    }

    private void waitQuietly(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = failure == null ? e : failure;
        }
    }
}

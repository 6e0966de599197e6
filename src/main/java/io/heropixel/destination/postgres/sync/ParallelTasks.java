package io.heropixel.destination.postgres.sync;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one task per item on a fixed set of connections, one thread per connection. */
final class ParallelTasks {
    private static final long STACK_BYTES = 16L << 20;

    /** A task on one item with one connection. */
    interface Task<T> {
        void run(Connection connection, T item) throws Exception;
    }

    private ParallelTasks() {}

    /**
     * Runs {@code task} for every item; stops handing out items after the first failure, waits for the
     * running ones and rethrows that failure.
     */
    static <T> void run(String name, List<Connection> connections, List<T> items, Task<T> task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        int count = Math.min(connections.size(), items.size());
        for (int i = 0; i < count; i++) {
            Connection connection = connections.get(i);
            Thread thread = new Thread(
                    null,
                    () -> {
                        int item;
                        while (failure.get() == null && (item = next.getAndIncrement()) < items.size()) {
                            try {
                                task.run(connection, items.get(item));
                            } catch (Exception e) {
                                failure.compareAndSet(null, e);
                            } catch (Error e) {
                                failure.compareAndSet(null, new IllegalStateException(e.toString(), e));
                            }
                        }
                    },
                    name + "-" + (i + 1),
                    STACK_BYTES);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}

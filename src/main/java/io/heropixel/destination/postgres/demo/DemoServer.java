package io.heropixel.destination.postgres.demo;

import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's embedded Postgres and its work directory (data directory, config, sample files, log). While the
 * demo runs, everything the process logs (the server's output, initdb's, the connector's) goes to the log
 * file in that directory instead of the screen. {@link #close} stops the server and removes the directory; a
 * shutdown hook does the same on Ctrl-C.
 */
final class DemoServer implements AutoCloseable {
    static final String LOG_FILE = "demo.log";

    private final Path directory;
    private final PrintStream log;
    private final PrintStream screenErr;
    private final ProtocolWriter screen;
    private final Thread shutdownHook;
    private boolean closed;
    private volatile boolean exiting;
    private volatile EmbeddedPostgres server;

    private DemoServer(Path directory, PrintStream log, PrintStream screenErr, ProtocolWriter screen) {
        this.directory = directory;
        this.log = log;
        this.screenErr = screenErr;
        this.screen = screen;
        this.shutdownHook = new Thread(this::stopOnExit, "demo-server-stop");
    }

    /** Creates the work directory and its log, and sends the process's log output there until close. */
    static DemoServer create(ProtocolWriter screen) throws IOException {
        Path directory = Files.createTempDirectory("heropixel-demo-");
        PrintStream log = new PrintStream(
                new FileOutputStream(directory.resolve(LOG_FILE).toFile(), true), true, StandardCharsets.UTF_8);
        DemoServer demo = new DemoServer(directory, log, System.err, screen);
        System.setErr(log);
        Runtime.getRuntime().addShutdownHook(demo.shutdownHook);
        return demo;
    }

    /** Starts Postgres on {@code port} (0: any free port), its output appended to the log. */
    void start(int port) throws IOException {
        ProcessBuilder.Redirect toLog =
                ProcessBuilder.Redirect.appendTo(logFile().toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("pgdata"))
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false) // this class stops it, before removing the directory
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog);
        if (port > 0) {
            builder.setPort(port);
        }
        try {
            server = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "The embedded Postgres server did not start (" + e.getMessage() + "). Its log is in " + logFile()
                            + "; if the port is taken, choose another with --port.",
                    e);
        }
    }

    /**
     * After Ctrl-C the shutdown hook stops the server and reports; a sync that the stop broke has nothing to
     * add, so the main thread waits here until the JVM halts.
     */
    void waitIfExiting() throws InterruptedException {
        if (exiting) {
            new CountDownLatch(1).await();
        }
    }

    EmbeddedPostgres server() {
        return server;
    }

    Path directory() {
        return directory;
    }

    Path logFile() {
        return directory.resolve(LOG_FILE);
    }

    /** Stops the server and removes the work directory; idempotent. */
    @Override
    public void close() {
        try {
            stop(false);
        } finally {
            System.setErr(screenErr);
            removeShutdownHook();
        }
    }

    /** Stops the server and removes the work directory except the log, which is kept for the user to read. */
    void closeKeepingLog() {
        try {
            stop(true);
        } finally {
            System.setErr(screenErr);
            removeShutdownHook();
        }
    }

    /**
     * Ctrl-C: stderr stays on the closed log, so a sync that the stop interrupts fails quietly; the outcome
     * goes to the screen.
     */
    private void stopOnExit() {
        exiting = true;
        try {
            if (stop(false)) {
                screen.writeText("Stopped the demo server and removed " + directory + ".");
            }
        } catch (UncheckedIOException e) {
            screen.writeText(e.getMessage());
        }
    }

    /** Returns false when already stopped. Synchronized: Ctrl-C during a close waits for it to finish. */
    private synchronized boolean stop(boolean keepLog) {
        if (closed) {
            return false;
        }
        closed = true;
        try {
            if (server != null) {
                Optional<ProcessHandle> postmaster = postmaster();
                server.close();
                awaitExit(postmaster);
            }
        } catch (IOException e) {
            log.println("Could not stop the demo server: " + e.getMessage());
        } finally {
            log.close();
            delete(keepLog);
        }
        return true;
    }

    /** The server's main process, from its pid file, while it runs. */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("pgdata").resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A Ctrl-C reaches the server too (same process group) and starts its own shutdown, so the stop command can
     * return before the server is gone: wait for it, and end it if it lingers, so that nothing is left behind.
     */
    private void awaitExit(Optional<ProcessHandle> postmaster) {
        postmaster.ifPresent(process -> {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void delete(boolean keepLog) {
        Path keep = keepLog ? logFile() : null;
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (!file.equals(keep)) {
                        Files.deleteIfExists(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (keep == null || !keep.startsWith(dir)) {
                        Files.deleteIfExists(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not remove the demo directory " + directory + " (" + e.getMessage()
                            + "); delete it by hand.",
                    e);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook has run or runs now
        }
    }
}

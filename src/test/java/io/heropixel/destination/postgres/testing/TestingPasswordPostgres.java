package io.heropixel.destination.postgres.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Password authentication on the shared test server: {@link #createRole} makes a LOGIN role with a
 * password and adds a pg_hba.conf line (before the server's trust lines) so that this role — and only
 * this role — must authenticate with its password. The superuser {@code postgres} keeps trust access.
 */
public final class TestingPasswordPostgres {
    private static final Set<String> PASSWORD_ROLES = new LinkedHashSet<>();
    private static String originalHba;

    private TestingPasswordPostgres() {}

    /**
     * Creates role {@code role} with {@code password} (no privileges beyond PUBLIC's) and returns a
     * {@link TestDatabase} that logs in as it to {@code database}'s database.
     */
    public static synchronized TestDatabase createRole(TestDatabase database, String role, String password) {
        database.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        PASSWORD_ROLES.add(role);
        rewriteHba();
        TestDatabase login = new TestDatabase(database.host(), database.port(), database.database(), role, password);
        awaitPasswordRequired(login);
        return login;
    }

    /** Grants what the connector needs: CREATE on the database and USAGE, CREATE on schema public. */
    public static void grantConnectorPrivileges(TestDatabase superuser, String role) {
        superuser.execute(
                "GRANT CREATE ON DATABASE \"" + superuser.database() + "\" TO \"" + role + "\"",
                "GRANT USAGE, CREATE ON SCHEMA public TO \"" + role + "\"");
    }

    private static void rewriteHba() {
        EmbeddedPostgres server = TestingPostgres.server();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            Path hba;
            try (ResultSet rs = statement.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            if (originalHba == null) {
                originalHba = Files.readString(hba);
            }
            StringBuilder text = new StringBuilder("# password roles added by the tests\n");
            for (String role : PASSWORD_ROLES) {
                text.append("host all \"").append(role).append("\" all md5\n");
            }
            Files.writeString(hba, text + originalHba);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reload pg_hba.conf", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reload is asynchronous: wait until a wrong password is refused for the new role. */
    private static void awaitPasswordRequired(TestDatabase login) {
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        properties.setProperty("password", login.password() + "-wrong");
        for (int attempt = 0; attempt < 200; attempt++) {
            try (Connection ignored = DriverManager.getConnection(login.jdbcUrl(), properties)) {
                Thread.sleep(50);
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    return;
                }
                throw new IllegalStateException("Unexpected failure while waiting for pg_hba.conf", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("pg_hba.conf was not reloaded: role " + login.user() + " needs no password");
    }
}

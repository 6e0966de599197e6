package io.heropixel.destination.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingPostgres.class)
class ConnectionFactoryTest {

    static String value(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void sessionSettings(TestDatabase db) throws SQLException {
        db.execute("CREATE SCHEMA \"Sales\"");
        DestinationConfig config = ConfigResolver.resolve(
                db.config()
                        .put("schema", "Sales,public")
                        .put("jdbc_url_params", "options=-c work_mem=7MB&connectTimeout=0"),
                false);
        TimeZone previous = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
        try (ConnectionFactory factory = new ConnectionFactory(config);
                Connection connection = factory.open()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(value(connection, "SHOW TimeZone")).isEqualTo("UTC");
            // no session state a transaction pooler would drop: the server's search path and
            // synchronous_commit (the connector qualifies every name and makes each COMMIT durable itself)
            assertThat(value(connection, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(value(connection, "SHOW synchronous_commit")).isEqualTo("off");
            assertThat(connection.unwrap(org.postgresql.PGConnection.class).getPrepareThreshold())
                    .isZero();
            assertThat(value(connection, "SHOW work_mem")).isEqualTo("7MB");
            assertThat(value(connection, "SHOW application_name")).startsWith("heropixel-destination-postgres/");
            assertThat(value(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .isIn("f", "false");
        } finally {
            TimeZone.setDefault(previous);
        }
    }

    @Test
    void databaseNamesWithOddCharacters(TestDatabase db) throws SQLException {
        db.execute("CREATE DATABASE \"odd db/ä+%\"");
        DestinationConfig config = ConfigResolver.resolve(db.config().put("database", "odd db/ä+%"), false);
        try (ConnectionFactory factory = new ConnectionFactory(config);
                Connection connection = factory.open()) {
            assertThat(value(connection, "SELECT current_database()")).isEqualTo("odd db/ä+%");
        }
    }

    @Test
    void tunnelIsOpenedOnFirstConnectionAndItsErrorIsAConfigError(TestDatabase db) {
        var node = db.config();
        node.putObject("tunnel_method")
                .put("tunnel_method", "SSH_KEY_AUTH")
                .put("tunnel_host", "jump")
                .put("tunnel_user", "me")
                .put("ssh_key", "not-a-key-but-secret");
        ConnectionFactory factory = new ConnectionFactory(ConfigResolver.resolve(node, false));
        assertThatThrownBy(factory::open).isInstanceOf(ConfigException.class);
        factory.close();
        assertThatThrownBy(factory::open).isInstanceOf(IllegalStateException.class);
    }
}

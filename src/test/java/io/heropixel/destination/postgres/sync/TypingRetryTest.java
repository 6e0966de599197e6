package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.status;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.catalog.CatalogParser;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.connection.ConnectionFactory;
import io.heropixel.destination.postgres.error.ConnectorException;
import io.heropixel.destination.postgres.error.FailureType;
import io.heropixel.destination.postgres.error.Secrets;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.load.LoadSettings;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.heropixel.destination.postgres.typing.TypingResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A typing pass whose connection is lost (the server terminates its backend, as a restart or a network cut
 * would) is retried on a new connection a bounded number of times; the rows are typed exactly once.
 */
@ExtendWith(TestingPostgres.class)
class TypingRetryTest {
    private static final String INPUT = record("ns", "a", "{\"id\":1,\"name\":\"x\"}", 1000) + "\n"
            + record("ns", "a", "{\"id\":2,\"name\":\"y\"}", 1000) + "\n" + status("ns", "a", "COMPLETE") + "\n";

    @Test
    void typingIsRetriedOnANewConnectionAfterTheConnectionIsLost(TestDatabase db) throws Exception {
        KillingTables tables = new KillingTables(db, 1);
        run(db, tables);

        assertThat(tables.calls.get()).isEqualTo(2);
        assertThat(db.queryValue("SELECT count(*) FROM ns.a")).isEqualTo(2L);
        assertThat(db.queryValue(
                        "SELECT count(*) FROM airbyte_internal.ns_raw__stream_a WHERE _airbyte_loaded_at IS NULL"))
                .isEqualTo(0L);
    }

    @Test
    void typingGivesUpWithATransientErrorAfterTheLastAttempt(TestDatabase db) {
        KillingTables tables = new KillingTables(db, Integer.MAX_VALUE);

        assertThatThrownBy(() -> run(db, tables))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("Failed while typing stream 'ns.a'")
                .satisfies(
                        e -> assertThat(((ConnectorException) e).failureType()).isEqualTo(FailureType.TRANSIENT));
        assertThat(tables.calls.get()).isEqualTo(StreamFinisher.TYPING_ATTEMPTS);
        // The raw rows are committed; each is either typed already (typed while loading, in the final table)
        // or still waiting to be typed by the next sync.
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.ns_raw__stream_a"))
                .isEqualTo(2L);
        assertThat(db.queryValue("SELECT (SELECT count(*) FROM ns.a) + (SELECT count(*) FROM"
                        + " airbyte_internal.ns_raw__stream_a WHERE _airbyte_loaded_at IS NULL)"))
                .isEqualTo(2L);
    }

    private static void run(TestDatabase db, TableOperations tables) throws Exception {
        JsonNode catalog = catalog(stream("ns", "a", "append", 1, 0));
        DestinationConfig config = ConfigResolver.resolve(db.config());
        List<StreamPlan> plans = StreamPlanner.plan(CatalogParser.parse(catalog), config);
        ConnectionFactory factory = new ConnectionFactory(config);
        ProtocolWriter protocol = new ProtocolWriter(new ByteArrayOutputStream(), new Secrets());
        new WriteOperation(protocol, factory::open, plans, tables, true, false, LoadSettings.defaults(1))
                .run(new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)));
    }

    /** The real typing, but the first {@code kills} passes lose their connection: its backend is terminated. */
    private static final class KillingTables implements TableOperations {
        private final TypingOperations real;
        private final TestDatabase db;
        private final int kills;
        final AtomicInteger calls = new AtomicInteger();

        KillingTables(TestDatabase db, int kills) {
            this.db = db;
            this.kills = kills;
            this.real = new TypingOperations(ConfigResolver.resolve(db.config()));
        }

        @Override
        public TypingResult typeAndDedupe(Connection c, StreamPlan plan, QualifiedName raw, QualifiedName target)
                throws SQLException {
            if (calls.incrementAndGet() <= kills) {
                terminate(backendPid(c));
            }
            return real.typeAndDedupe(c, plan, raw, target);
        }

        private int backendPid(Connection c) throws SQLException {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private void terminate(int pid) throws SQLException {
            try (Connection admin = db.connect();
                    PreparedStatement s = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                s.setInt(1, pid);
                s.execute();
            }
        }

        @Override
        public void prepareRawTable(Connection c, StreamPlan plan, QualifiedName rawTable) throws SQLException {
            real.prepareRawTable(c, plan, rawTable);
        }

        @Override
        public void dropEmptyStaging(Connection c, StreamPlan plan) throws SQLException {
            real.dropEmptyStaging(c, plan);
        }

        @Override
        public void prepareFinalTable(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
            real.prepareFinalTable(c, plan, target);
        }

        @Override
        public LoadFormat prepareLoad(
                Connection c, StreamPlan plan, QualifiedName raw, java.util.Optional<QualifiedName> target)
                throws SQLException {
            return real.prepareLoad(c, plan, raw, target);
        }

        @Override
        public void swap(Connection c, java.util.List<io.heropixel.destination.postgres.table.TableSwap> swaps)
                throws SQLException {
            real.swap(c, swaps);
        }
    }
}

package io.heropixel.destination.postgres.typing;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.DestinationSyncMode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.testing.ClassDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-place dedup of the staging swap ({@link SqlGenerator#deleteOlderVersionsSql}): it keeps the newest
 * version of each key, and where the server can join by row address (12+) the rows are deleted through a
 * TID scan in address order, never by hashing the address of every staged row.
 */
class StagingSwapDeleteTest {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase();

    /** A dedup stream keyed on id, cursor updated_at: the key of the staged rows. */
    private static final StreamPlan PLAN = TypingTestSupport.plan(
            "public",
            DestinationSyncMode.APPEND_DEDUP,
            TypingTestSupport.columns("id", AirbyteType.INTEGER, "updated_at", AirbyteType.INTEGER),
            List.of("id"),
            "updated_at",
            TypingTestSupport.config("public"));

    private static final QualifiedName TABLE = QualifiedName.of("public", "swap_delete");

    private static void createStagedRows(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS public.swap_delete");
            s.execute(
                    "CREATE TABLE public.swap_delete (id bigint, updated_at bigint, _airbyte_extracted_at timestamptz,"
                            + " _airbyte_meta jsonb)");
            // 3000 keys; every third key has an older version (updated_at one less) and an exact older copy
            s.execute("INSERT INTO public.swap_delete SELECT g, 10, '2024-01-02', '{\"changes\":[]}' FROM"
                    + " generate_series(1, 3000) g");
            s.execute("INSERT INTO public.swap_delete SELECT g, 9, '2024-01-03', '{\"changes\":[]}' FROM"
                    + " generate_series(3, 3000, 3) g");
            s.execute("INSERT INTO public.swap_delete SELECT g, 10, '2024-01-01', '{\"changes\":[]}' FROM"
                    + " generate_series(3, 3000, 3) g");
            s.execute("ANALYZE public.swap_delete");
        }
    }

    /**
     * Stages the rows, opens a transaction and, where the server joins by address, turns hash and merge joins
     * off as the swap does; returns whether it did.
     */
    private static boolean stageRowsAndSetJoins(Connection c) throws SQLException {
        createStagedRows(c);
        boolean byAddress = StagedDedup.joinsByAddress(c);
        c.setAutoCommit(false);
        if (byAddress) {
            Sql.executeAll(c, SessionSql.nestedLoopJoins());
        }
        return byAddress;
    }

    private static String deleteSql(boolean byAddress) {
        return DedupSql.deleteOlderVersions(TABLE, PLAN, byAddress);
    }

    @Test
    void keepsTheNewestVersionOfEachKey() throws SQLException {
        Connection c = DB.connection();
        try {
            boolean byAddress = stageRowsAndSetJoins(c);
            long[] deletedAndNulled = Sql.queryTwoLongs(c, deleteSql(byAddress));
            c.commit();
            assertThat(deletedAndNulled[0]).isEqualTo(2000);
            assertThat(Sql.queryTwoLongs(
                            c,
                            "SELECT count(*), count(*) FILTER (WHERE updated_at = 10 AND _airbyte_extracted_at ="
                                    + " '2024-01-02') FROM public.swap_delete"))
                    .containsExactly(3000, 3000);
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Test
    void deletesThroughTidScansWhereTheServerHasThem() throws SQLException {
        Connection c = DB.connection();
        try {
            boolean byAddress = stageRowsAndSetJoins(c);
            String plan = explain(c, deleteSql(byAddress));
            if (byAddress) {
                assertThat(plan).contains("Tid Scan").doesNotContain("Hash");
            } else {
                // before 12 a nested loop would scan the table once per deleted row: the joins stay as planned
                assertThat(plan).doesNotContain("Nested Loop").containsPattern("(Hash|Merge) Join");
            }
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    private static String explain(Connection c, String statement) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("EXPLAIN " + statement)) {
            while (r.next()) {
                plan.append(r.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}

package io.heropixel.destination.postgres.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The exact SQL of the Citus generator (docs/citus.md): names travel as bind values, never in the text, so a
 * table or column name with quotes or a semicolon cannot change the statement. A change shows here as a diff
 * to review.
 */
class CitusSqlGoldenTest {
    private static final QualifiedName USERS = QualifiedName.of("shop", "Users; DROP");
    private static final QualifiedName TEMP = QualifiedName.of("shop", "Users; DROP_airbyte_tmp");

    @Test
    void distributeBindsTheTableAndTheColumn() {
        assertThat(CitusSql.distribute(USERS, Identifier.of("Id\"x"), Optional.empty()))
                .isEqualTo(new BoundSql(
                        "SELECT create_distributed_table(?::text::regclass, ?::text, colocate_with => 'default')",
                        List.of("\"shop\".\"Users; DROP\"", "Id\"x")));
        assertThat(CitusSql.distribute(TEMP, Identifier.of("id"), Optional.of(USERS)))
                .isEqualTo(new BoundSql(
                        "SELECT create_distributed_table(?::text::regclass, ?::text, colocate_with => ?::text)",
                        List.of("\"shop\".\"Users; DROP_airbyte_tmp\"", "id", "\"shop\".\"Users; DROP\"")));
        assertThat(CitusSql.undistribute(USERS))
                .isEqualTo(new BoundSql(
                        "SELECT undistribute_table(?::text::regclass)", List.of("\"shop\".\"Users; DROP\"")));
    }

    @Test
    void distributionIsReadFromTheCatalogByName() {
        assertThat(CitusSql.distribution(USERS))
                .isEqualTo(new BoundSql(
                        "SELECT partmethod::text || ' ' || COALESCE(column_to_column_name(logicalrelid, partkey), '')"
                                + " FROM pg_dist_partition WHERE logicalrelid = to_regclass(?::text)",
                        List.of("\"shop\".\"Users; DROP\"")));
        assertThat(CitusSql.colocatedColumn(TEMP, USERS))
                .isEqualTo(new BoundSql(
                        "SELECT column_to_column_name(t.logicalrelid, t.partkey) FROM pg_dist_partition t"
                                + " JOIN pg_dist_partition o ON o.colocationid = t.colocationid"
                                + " AND column_to_column_name(o.logicalrelid, o.partkey)"
                                + " = column_to_column_name(t.logicalrelid, t.partkey)"
                                + " WHERE t.partmethod = 'h' AND o.partmethod = 'h'"
                                + " AND t.logicalrelid = to_regclass(?::text) AND o.logicalrelid = to_regclass(?::text)",
                        List.of("\"shop\".\"Users; DROP_airbyte_tmp\"", "\"shop\".\"Users; DROP\"")));
        assertThat(CitusSql.installed()).isEqualTo("SELECT count(*) FROM pg_extension WHERE extname = 'citus'");
    }

    @Test
    void transactionSettings() {
        assertThat(CitusSql.sequentialModify()).isEqualTo("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'");
        assertThat(CitusSql.ddlPropagation(false)).isEqualTo("SET LOCAL citus.enable_ddl_propagation TO off");
        assertThat(CitusSql.ddlPropagation(true)).isEqualTo("SET LOCAL citus.enable_ddl_propagation TO on");
        assertThat(CitusSql.distributionLock())
                .isEqualTo(
                        "SELECT pg_advisory_xact_lock(hashtext('heropixel destination-postgres: citus distribution'))");
    }
}

package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings an existing final table in line with the catalog (docs/type-mapping.md, docs/refreshes.md). */
final class FinalTableEvolution {
    private static final Logger LOG = LoggerFactory.getLogger(FinalTableEvolution.class);

    private final DestinationConfig config;

    FinalTableEvolution(DestinationConfig config) {
        this.config = config;
    }

    void evolve(Connection c, StreamPlan plan, QualifiedName target, Map<String, String> existing) throws SQLException {
        for (ColumnPlan column : plan.columns()) {
            String current = existing.get(column.column().name());
            if (current == null) {
                LOG.info("Adding column {} to {}", column.column(), target);
                Sql.execute(
                        c,
                        TableSql.addColumnIfMissing(
                                target,
                                column.column(),
                                ColumnTypes.ddlType(column.type(), config.unconstrainedNumber())));
                continue;
            }
            Optional<ColumnEvolution.Change> change =
                    ColumnEvolution.change(column.column(), current, column.type(), config.unconstrainedNumber());
            if (change.isPresent()) {
                changeColumn(c, target, column, current, change.get());
            }
        }
        // meta columns that final tables of older versions lack (existing was read in this transaction)
        addMetaColumn(c, target, existing, "_airbyte_meta", "jsonb");
        addMetaColumn(c, target, existing, "_airbyte_generation_id", "bigint");
    }

    private static void addMetaColumn(
            Connection c, QualifiedName target, Map<String, String> existing, String name, String sqlType)
            throws SQLException {
        if (!existing.containsKey(name)) {
            Sql.execute(c, TableSql.addColumnIfMissing(target, Identifier.of(name), sqlType));
        }
    }

    /**
     * Changes a column's type in place. A view or rule that uses the column makes Postgres refuse
     * (SQLSTATE 0A000): the column then keeps its type (values are typed to it) and a warning says so.
     */
    private void changeColumn(
            Connection c, QualifiedName target, ColumnPlan column, String current, ColumnEvolution.Change change)
            throws SQLException {
        LOG.info("Changing column {} of {} from {} to {}", column.column(), target, current, change.sqlType());
        CitusTables.Placement placement = CitusTables.placement(c, target);
        if (placement.column().filter(column.column()::equals).isPresent()) {
            CitusTables.retypeDistributionColumn(
                    c,
                    target,
                    column.column(),
                    FinalTableSql.alterColumnType(target, column.column(), change.sqlType(), change.using()));
            return;
        }
        java.sql.Savepoint savepoint = c.setSavepoint();
        try {
            Sql.execute(c, FinalTableSql.alterColumnType(target, column.column(), change.sqlType(), change.using()));
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!SqlStates.FEATURE_NOT_SUPPORTED.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
            LOG.warn(
                    "Column {} of {} keeps its type {} instead of {}: {}. Drop the dependent view or rule and sync"
                            + " again to change it.",
                    column.column(),
                    target,
                    current,
                    change.sqlType(),
                    e.getMessage());
        }
    }
}

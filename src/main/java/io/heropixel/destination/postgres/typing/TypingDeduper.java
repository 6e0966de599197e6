package io.heropixel.destination.postgres.typing;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and evolves final and raw tables, types raw rows into final tables (append or dedup, with CDC
 * hard deletes) and swaps truncate-refresh tables in. Every public method runs its own transaction on the
 * given connection and leaves the connection's auto-commit and isolation settings as it found them.
 */
public final class TypingDeduper {
    private static final Logger LOG = LoggerFactory.getLogger(TypingDeduper.class);
    static final String INDEX_EXTRACTED_AT = "extracted_at";
    static final String INDEX_PRIMARY_KEY = "pk";
    static final String INDEX_UNPROCESSED = "unprocessed";
    static final String INDEX_DELETIONS = "deletions";

    private final DestinationConfig config;
    private final SqlGenerator sql = new SqlGenerator();
    private final TableInspector inspector = new TableInspector(sql);

    public TypingDeduper(DestinationConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    public void prepareFinalTable(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
        inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            execute(c, sql.timeZoneUtcSql());
            ensureSchema(c, target.schema());
            Map<String, String> existing = inspector.columns(c, target);
            if (existing.isEmpty()) {
                execute(c, sql.createFinalTableSql(target, plan.columns(), config.unconstrainedNumber()));
            } else {
                evolve(c, plan, target, existing);
            }
            execute(
                    c,
                    sql.createIndexSql(
                            StreamPlanner.indexName(target, INDEX_EXTRACTED_AT),
                            target,
                            List.of(Identifier.of("_airbyte_extracted_at"))));
            if (plan.stream().deduplicates()) {
                List<Identifier> columns = new ArrayList<>(primaryKey(plan));
                cursor(plan).ifPresent(columns::add);
                execute(c, sql.createIndexSql(StreamPlanner.indexName(target, INDEX_PRIMARY_KEY), target, columns));
            }
            return null;
        });
    }

    private void evolve(Connection c, StreamPlan plan, QualifiedName target, Map<String, String> existing)
            throws SQLException {
        for (ColumnPlan column : plan.columns()) {
            String current = existing.get(column.column().name());
            if (current == null) {
                LOG.info("Adding column {} to {}", column.column(), target);
                execute(
                        c,
                        sql.addColumnIfMissingSql(
                                target,
                                column.column(),
                                ColumnTypes.ddlType(column.type(), config.unconstrainedNumber())));
                continue;
            }
            Optional<ColumnEvolution.Change> change =
                    ColumnEvolution.change(column.column(), current, column.type(), config.unconstrainedNumber());
            if (change.isPresent()) {
                LOG.info(
                        "Changing column {} of {} from {} to {}",
                        column.column(),
                        target,
                        current,
                        change.get().sqlType());
                execute(
                        c,
                        sql.alterColumnTypeSql(
                                target,
                                column.column(),
                                change.get().sqlType(),
                                change.get().using()));
            }
        }
        execute(c, sql.addColumnIfMissingSql(target, Identifier.of("_airbyte_meta"), "jsonb"));
        execute(c, sql.addColumnIfMissingSql(target, Identifier.of("_airbyte_generation_id"), "bigint"));
    }

    public void prepareRawTable(Connection c, StreamPlan plan, QualifiedName rawTable) throws SQLException {
        inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            ensureSchema(c, rawTable.schema());
            execute(c, sql.createRawTableSql(rawTable));
            execute(c, sql.addColumnIfMissingSql(rawTable, Identifier.of("_airbyte_meta"), "jsonb"));
            execute(c, sql.addColumnIfMissingSql(rawTable, Identifier.of("_airbyte_generation_id"), "bigint"));
            execute(c, sql.createUnprocessedIndexSql(StreamPlanner.indexName(rawTable, INDEX_UNPROCESSED), rawTable));
            if (appliesDeletions(plan.stream())) {
                execute(
                        c,
                        sql.createDeletionIndexSql(
                                StreamPlanner.indexName(rawTable, INDEX_DELETIONS),
                                rawTable,
                                plan.stream().primaryKey()));
            }
            return null;
        });
    }

    public TypingResult typeAndDedupe(Connection c, StreamPlan plan, QualifiedName rawSource, QualifiedName finalTarget)
            throws SQLException {
        try {
            return inTransaction(
                    c, Connection.TRANSACTION_REPEATABLE_READ, () -> typeOnce(c, plan, rawSource, finalTarget, false));
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) {
                throw e;
            }
            LOG.info(
                    "Typing {} with direct casts failed ({}); typing again with safe casts",
                    plan.descriptor(),
                    e.getSQLState());
            return inTransaction(
                    c, Connection.TRANSACTION_REPEATABLE_READ, () -> typeOnce(c, plan, rawSource, finalTarget, true));
        }
    }

    private TypingResult typeOnce(Connection c, StreamPlan plan, QualifiedName raw, QualifiedName target, boolean safe)
            throws SQLException {
        execute(c, sql.timeZoneUtcSql());
        execute(c, sql.dateStyleSql());
        if (safe) {
            execute(c, sql.createSafeCastFunctionSql());
        }
        List<TypedColumn> columns = inspector.typedColumns(c, target, plan.columns());
        long deleted = 0;
        long nulled;
        if (plan.stream().deduplicates()) {
            List<Identifier> pk = primaryKey(plan);
            Optional<Identifier> cursor = cursor(plan);
            execute(c, sql.createBatchTableSql(target));
            List<String> deletionKeys =
                    appliesDeletions(plan.stream()) ? plan.stream().primaryKey() : List.of();
            execute(c, sql.insertBatchSql(raw, columns, pk, cursor, deletionKeys, safe));
            execute(c, sql.analyzeBatchSql());
            nulled = queryLong(c, sql.countBatchNulledSql(), 1);
            for (boolean nullKeys : new boolean[] {false, true}) {
                execute(c, sql.deleteReplacedFinalRowsSql(target, pk, cursor, nullKeys));
                execute(c, sql.deleteStaleBatchRowsSql(target, pk, nullKeys));
            }
            if (appliesDeletions(plan.stream())) {
                deleted = update(c, sql.deleteDeletionRowsFromBatchSql(column(plan, "_ab_cdc_deleted_at")));
            }
            execute(c, sql.insertFromBatchSql(target, columns));
        } else {
            nulled = queryLong(c, sql.insertAppendSql(target, raw, columns, safe), 2);
        }
        long typed = update(c, sql.markLoadedSql(raw));
        LOG.info(
                "Typed {} raw rows of {} into {} ({} values nulled, {} deletions applied{})",
                typed,
                plan.descriptor(),
                target,
                nulled,
                deleted,
                safe ? ", safe casts" : "");
        return new TypingResult(typed, deleted, nulled);
    }

    public void swap(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        if (!temp.schema().equals(target.schema())) {
            throw new IllegalArgumentException("Cannot swap " + temp + " into " + target + ": different schemas");
        }
        try {
            inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
                execute(c, sql.dropTableSql(target, config.dropCascade()));
                execute(c, sql.renameTableSql(temp, target.table()));
                for (String purpose :
                        List.of(INDEX_EXTRACTED_AT, INDEX_PRIMARY_KEY, INDEX_UNPROCESSED, INDEX_DELETIONS)) {
                    execute(
                            c,
                            sql.renameIndexSql(
                                    target.schema(),
                                    StreamPlanner.indexName(temp, purpose),
                                    StreamPlanner.indexName(target, purpose)));
                }
                return null;
            });
        } catch (SQLException e) {
            if ("2BP01".equals(e.getSQLState())) {
                // TODO(issue: view-preserving swap): recreate dependent views instead of asking for CASCADE.
                throw new ConfigException(
                        "Could not replace table " + target + " because other objects depend on"
                                + " it: " + dependents(e)
                                + ". Drop or change those objects, or set the drop_cascade option"
                                + " to true (this drops the dependent objects too).",
                        e);
            }
            throw e;
        }
    }

    private static String dependents(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            String detail = p.getServerErrorMessage().getDetail();
            if (detail != null) {
                return detail.replace('\n', ';');
            }
        }
        return "dependent views or other objects";
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static boolean appliesDeletions(ConfiguredStream stream) {
        return stream.deduplicates() && stream.hasCdcDeletedAt();
    }

    private static List<Identifier> primaryKey(StreamPlan plan) {
        List<Identifier> key = new ArrayList<>();
        for (String field : plan.stream().primaryKey()) {
            key.add(column(plan, field));
        }
        return key;
    }

    private static Optional<Identifier> cursor(StreamPlan plan) {
        return plan.stream().cursor().flatMap(field -> plan.columns().stream()
                .filter(col -> col.originalName().equals(field))
                .findFirst()
                .map(ColumnPlan::column));
    }

    private static Identifier column(StreamPlan plan, String field) {
        return plan.columns().stream()
                .filter(col -> col.originalName().equals(field))
                .findFirst()
                .map(ColumnPlan::column)
                .orElseThrow(() -> new ConfigException("The primary key field '" + field + "' of stream "
                        + plan.descriptor() + " is not a property of its schema. Choose a primary key among the"
                        + " stream's top-level properties."));
    }

    private void ensureSchema(Connection c, Identifier schema) throws SQLException {
        // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists: check first.
        if (!inspector.schemaExists(c, schema)) {
            execute(c, sql.createSchemaSql(schema));
        }
    }

    private static void execute(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static long update(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(statement);
        }
    }

    private static long queryLong(Connection c, String query, int column) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(column);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection c, int isolation, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int previousIsolation = c.getTransactionIsolation();
        if (!autoCommit) {
            c.commit();
        }
        c.setAutoCommit(false);
        c.setTransactionIsolation(isolation);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            c.setTransactionIsolation(previousIsolation);
            c.setAutoCommit(autoCommit);
        }
    }
}

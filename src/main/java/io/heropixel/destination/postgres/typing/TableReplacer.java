package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a table with its {@code _airbyte_tmp} table (truncate refresh) without destroying what users
 * built on it (docs/refreshes.md):
 *
 * <ul>
 *   <li>Nothing depends on the table and it has no grants, comments, other owner, triggers, policies or
 *       storage options: {@code DROP} + {@code RENAME} (fast).
 *   <li>Otherwise, in one transaction: {@code TRUNCATE} the table, add the temp table's new columns, retype
 *       changed columns (the table is empty), copy the rows, drop the temp table. Views, grants, comments
 *       and the owner stay.
 *   <li>A column whose type must change is used by a view: with {@code drop_cascade}, {@code DROP ...
 *       CASCADE} + {@code RENAME}, logging every dropped object; without it, a config error naming the
 *       views and the option ({@link #checkReplaceable} reports it at setup, before any data is touched).
 * </ul>
 */
final class TableReplacer {
    private static final Logger LOG = LoggerFactory.getLogger(TableReplacer.class);
    static final List<String> INDEX_PURPOSES = List.of(
            TypingDeduper.INDEX_EXTRACTED_AT,
            TypingDeduper.INDEX_PRIMARY_KEY,
            TypingDeduper.INDEX_UNPROCESSED,
            TypingDeduper.INDEX_DELETIONS);

    private final SqlGenerator sql;
    private final TableInspector inspector;
    private final boolean dropCascade;

    TableReplacer(SqlGenerator sql, TableInspector inspector, boolean dropCascade) {
        this.sql = sql;
        this.inspector = inspector;
        this.dropCascade = dropCascade;
    }

    /** Replaces {@code target} with {@code temp}; must run inside a transaction. */
    void replace(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        if (!temp.schema().equals(target.schema())) {
            throw new IllegalArgumentException("Cannot swap " + temp + " into " + target + ": different schemas");
        }
        if (inspector.columns(c, target).isEmpty()) {
            renameInto(c, temp, target);
            return;
        }
        List<String> dependents = strings(c, sql.dependentObjectsSql(), target.quoted());
        String properties =
                strings(c, sql.tablePropertiesSql(), target.quoted()).get(0);
        if (dependents.isEmpty() && properties.isEmpty()) {
            Savepoint savepoint = c.setSavepoint();
            try {
                Jdbc.execute(c, sql.dropTableSql(target, false));
                renameInto(c, temp, target);
                c.releaseSavepoint(savepoint);
                LOG.info("Replaced {} with {} (drop and rename)", target, temp);
                return;
            } catch (SQLException e) {
                if (!SqlStates.DEPENDENT_OBJECTS_EXIST.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(savepoint); // a dependency the catalog query did not see: keep it
            }
        }
        List<String> blocked = blockedColumns(c, temp, target);
        if (!blocked.isEmpty()) {
            if (!dropCascade) {
                throw blockedError(target, blocked);
            }
            Jdbc.execute(c, sql.dropTableSql(target, true));
            renameInto(c, temp, target);
            LOG.warn(
                    "Replaced {} with DROP ... CASCADE because {}; these objects were dropped: {}",
                    target,
                    String.join("; ", blocked),
                    dependents.isEmpty() ? "(none listed)" : String.join(", ", dependents));
            return;
        }
        LOG.info(
                "Replacing the rows of {} in place to keep {}",
                target,
                join(
                        dependents.isEmpty() ? "" : "dependent objects (" + String.join(", ", dependents) + ")",
                        properties));
        copyInto(c, temp, target);
    }

    /**
     * Fails (without drop_cascade) when replacing {@code target} with {@code temp} at the end of the sync
     * would need CASCADE: a column whose type must change is used by a view. Called at setup, before data
     * is touched. With drop_cascade the views that will be dropped are logged.
     */
    void checkReplaceable(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        if (inspector.columns(c, target).isEmpty()) {
            return;
        }
        List<String> blocked = blockedColumns(c, temp, target);
        if (!dropCascade) {
            List<String> foreignKeys = strings(c, sql.referencingForeignKeysSql(), target.quoted());
            if (!foreignKeys.isEmpty()) {
                throw new ConfigException("The table " + target + " cannot be emptied for the refresh: the foreign"
                        + " keys " + String.join(", ", foreignKeys) + " reference it. Drop those foreign keys, or"
                        + " set the drop_cascade option to true (they are then dropped). No data was changed.");
            }
        }
        if (blocked.isEmpty()) {
            return;
        }
        if (!dropCascade) {
            throw blockedError(target, blocked);
        }
        LOG.warn(
                "When this refresh completes, {} will be dropped with CASCADE because {}; these objects will be"
                        + " dropped too: {}",
                target,
                String.join("; ", blocked),
                String.join(", ", strings(c, sql.dependentObjectsSql(), target.quoted())));
    }

    /** "column "x" changes from bigint to character varying and is used by view v", per such column. */
    private List<String> blockedColumns(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        Map<String, String> existing = inspector.columns(c, target);
        List<String> blocked = new ArrayList<>();
        for (Map.Entry<String, String> column : inspector.columns(c, temp).entrySet()) {
            String current = existing.get(column.getKey());
            if (current == null || current.equals(column.getValue())) {
                continue;
            }
            List<String> views = strings(c, sql.viewsUsingColumnSql(), target.quoted(), column.getKey());
            if (!views.isEmpty()) {
                blocked.add("column " + Identifier.of(column.getKey()).quoted() + " changes from " + current + " to "
                        + column.getValue() + " and is used by " + String.join(", ", views));
            }
        }
        return blocked;
    }

    /**
     * A stream that no longer truncates (minimum generation 0) but whose earlier truncate was interrupted:
     * the raw rows of the temp table were committed (their states echoed), so they move into the raw table
     * to be typed again, and both temp tables go. Runs in the caller's transaction.
     */
    void keepInterruptedTruncate(Connection c, StreamPlan plan) throws SQLException {
        if (!inspector.columns(c, plan.finalTempTable()).isEmpty()) {
            // typed rows of the raw table went into the final temp table: type them again into the final table
            Jdbc.execute(c, sql.resetLoadedAtOfGenerationsSql(plan.rawTable(), plan.finalTempTable()));
            Jdbc.execute(c, sql.dropTableSql(plan.finalTempTable(), false));
        }
        if (inspector.columns(c, plan.rawTempTable()).isEmpty()) {
            return;
        }
        long moved = Jdbc.update(c, sql.moveRawRowsSql(plan.rawTempTable(), plan.rawTable()));
        Jdbc.execute(c, sql.dropTableSql(plan.rawTempTable(), false));
        Jdbc.execute(c, sql.dropTableSql(plan.finalTempTable(), false));
        LOG.info(
                "Stream {} no longer truncates: kept the {} rows of its interrupted refresh ({} moved into {})",
                plan.descriptor(),
                moved,
                plan.rawTempTable(),
                plan.rawTable());
    }

    private static ConfigException blockedError(QualifiedName target, List<String> blocked) {
        return new ConfigException("The table " + target + " cannot be replaced by the refresh: "
                + String.join("; ", blocked) + ". Postgres cannot change the type of a column that a view uses."
                + " Drop those views (and recreate them after the sync), or set the drop_cascade option to true"
                + " (the views and the objects that depend on them are then dropped). No data was changed.");
    }

    private void copyInto(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        Map<String, String> existing = inspector.columns(c, target);
        Map<String, String> incoming = inspector.columns(c, temp);
        List<List<String>> indexes = new ArrayList<>();
        for (String purpose : INDEX_PURPOSES) {
            indexes.add(strings(c, sql.indexColumnsSql(), indexOf(temp, purpose)));
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            Jdbc.execute(c, sql.truncateSql(target));
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (SqlStates.FEATURE_NOT_SUPPORTED.equals(e.getSQLState()) && dropCascade) {
                c.rollback(savepoint);
                List<String> dependents = strings(c, sql.dependentObjectsSql(), target.quoted());
                Jdbc.execute(c, sql.dropTableSql(target, true));
                renameInto(c, temp, target);
                LOG.warn(
                        "Replaced {} with DROP ... CASCADE because it could not be emptied ({}); these objects were"
                                + " dropped: {}",
                        target,
                        e.getMessage(),
                        String.join(", ", dependents));
                return;
            }
            if (SqlStates.FEATURE_NOT_SUPPORTED.equals(e.getSQLState())) {
                throw new ConfigException(
                        "The table " + target + " cannot be emptied for the refresh: " + e.getMessage()
                                + ". Drop the foreign keys that reference it, or set the drop_cascade option to"
                                + " true. No data was changed.",
                        e);
            }
            throw e;
        }
        List<Identifier> columns = new ArrayList<>();
        for (Map.Entry<String, String> column : incoming.entrySet()) {
            Identifier name = Identifier.of(column.getKey());
            columns.add(name);
            String current = existing.get(column.getKey());
            if (current == null) {
                Jdbc.execute(c, sql.addColumnIfMissingSql(target, name, column.getValue()));
            } else if (!current.equals(column.getValue())) {
                Jdbc.execute(c, sql.retypeEmptyColumnSql(target, name, column.getValue()));
            }
        }
        long rows = Jdbc.update(c, sql.copyRowsSql(temp, target, columns));
        Jdbc.execute(c, sql.dropTableSql(temp, false));
        for (int i = 0; i < INDEX_PURPOSES.size(); i++) {
            syncIndex(c, target, INDEX_PURPOSES.get(i), indexes.get(i));
        }
        LOG.info("Replaced the rows of {} with the {} rows of {}", target, rows, temp);
    }

    /** Gives the target the temp table's index of this purpose, when it lacks it or has other columns. */
    private void syncIndex(Connection c, QualifiedName target, String purpose, List<String> columns)
            throws SQLException {
        if (columns.isEmpty() || purpose.equals(TypingDeduper.INDEX_DELETIONS)) {
            return; // no such index, or an expression index (raw tables get theirs at setup)
        }
        Identifier index = StreamPlanner.indexName(target, purpose);
        if (strings(c, sql.indexColumnsSql(), indexOf(target, purpose)).equals(columns)) {
            return;
        }
        Jdbc.execute(c, sql.dropIndexSql(target.schema(), index));
        if (purpose.equals(TypingDeduper.INDEX_UNPROCESSED)) {
            Jdbc.execute(c, sql.createUnprocessedIndexSql(index, target));
        } else {
            Jdbc.execute(
                    c,
                    sql.createIndexSql(
                            index, target, columns.stream().map(Identifier::of).toList()));
        }
    }

    private void renameInto(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        Jdbc.execute(c, sql.renameTableSql(temp, target.table()));
        for (String purpose : INDEX_PURPOSES) {
            Jdbc.execute(
                    c,
                    sql.renameIndexSql(
                            target.schema(),
                            StreamPlanner.indexName(temp, purpose),
                            StreamPlanner.indexName(target, purpose)));
        }
    }

    private static String indexOf(QualifiedName table, String purpose) {
        return table.schema().quoted() + "."
                + StreamPlanner.indexName(table, purpose).quoted();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " and " + b;
    }

    static List<String> strings(Connection c, String query, String... parameters) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }
}

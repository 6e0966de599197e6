package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
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
    private static final List<String> INDEX_PURPOSES = IndexNames.PURPOSES;

    private final TableInspector inspector;
    private final boolean dropCascade;

    TableReplacer(TableInspector inspector, boolean dropCascade) {
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
        List<String> dependents = Sql.queryStrings(c, CatalogSql.dependentObjects(), target.quoted());
        String properties = Sql.queryStrings(c, CatalogSql.tableProperties(), target.quoted())
                .get(0);
        if (dependents.isEmpty() && properties.isEmpty()) {
            Savepoint savepoint = c.setSavepoint();
            try {
                Sql.execute(c, TableSql.dropTable(target, false));
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
            Sql.execute(c, TableSql.dropTable(target, true));
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
            List<String> foreignKeys = Sql.queryStrings(c, CatalogSql.referencingForeignKeys(), target.quoted());
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
                String.join(", ", Sql.queryStrings(c, CatalogSql.dependentObjects(), target.quoted())));
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
            List<String> views = Sql.queryStrings(c, CatalogSql.viewsUsingColumn(), target.quoted(), column.getKey());
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
        if (plan.direct() && !inspector.columns(c, plan.finalTempTable()).isEmpty()) {
            // direct_load: its typed rows exist nowhere else; they join the final table (dedup: its staging)
            FinalTempRows.keep(c, inspector, plan);
            Sql.execute(c, TableSql.dropTable(plan.finalTempTable(), false));
        }
        if (!inspector.columns(c, plan.finalTempTable()).isEmpty()) {
            // typed rows of the raw table went into the final temp table: type them again into the final table
            Sql.execute(c, RawTableSql.resetLoadedAtOfGenerations(plan.rawTable(), plan.finalTempTable()));
            Sql.execute(c, TableSql.dropTable(plan.finalTempTable(), false));
        }
        if (inspector.columns(c, plan.rawTempTable()).isEmpty()) {
            return;
        }
        long moved = Sql.update(c, RawTableSql.moveRows(plan.rawTempTable(), plan.rawTable()));
        Sql.execute(c, TableSql.dropTable(plan.rawTempTable(), false));
        Sql.execute(c, TableSql.dropTable(plan.finalTempTable(), false));
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
            indexes.add(Sql.queryStrings(c, CatalogSql.indexColumns(), IndexNames.qualified(temp, purpose)));
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            Sql.execute(c, TableSql.truncate(target));
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (SqlStates.FEATURE_NOT_SUPPORTED.equals(e.getSQLState()) && dropCascade) {
                c.rollback(savepoint);
                List<String> dependents = Sql.queryStrings(c, CatalogSql.dependentObjects(), target.quoted());
                Sql.execute(c, TableSql.dropTable(target, true));
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
                Sql.execute(c, TableSql.addColumnIfMissing(target, name, column.getValue()));
            } else if (!current.equals(column.getValue())) {
                Sql.execute(c, FinalTableSql.retypeEmptyColumn(target, name, column.getValue()));
            }
        }
        long rows = Sql.update(c, TableSql.copyRows(temp, target, columns));
        Sql.execute(c, TableSql.dropTable(temp, false));
        for (int i = 0; i < INDEX_PURPOSES.size(); i++) {
            syncIndex(c, target, INDEX_PURPOSES.get(i), indexes.get(i));
        }
        LOG.info("Replaced the rows of {} with the {} rows of {}", target, rows, temp);
    }

    /** Gives the target the temp table's index of this purpose, when it lacks it or has other columns. */
    private void syncIndex(Connection c, QualifiedName target, String purpose, List<String> columns)
            throws SQLException {
        if (columns.isEmpty() || purpose.equals(IndexNames.DELETIONS)) {
            return; // no such index, or an expression index (raw tables get theirs at setup)
        }
        Identifier index = IndexNames.of(target, purpose);
        if (Sql.queryStrings(c, CatalogSql.indexColumns(), IndexNames.qualified(target, purpose))
                .equals(columns)) {
            return;
        }
        Sql.execute(c, FinalTableSql.dropIndex(target.schema(), index));
        if (purpose.equals(IndexNames.UNPROCESSED)) {
            Sql.execute(c, RawTableSql.createUnprocessedIndex(index, target));
        } else {
            Sql.execute(
                    c,
                    FinalTableSql.createIndex(
                            index, target, columns.stream().map(Identifier::of).toList()));
        }
    }

    private void renameInto(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        Sql.execute(c, TableSql.renameTable(temp, target.table()));
        for (String purpose : INDEX_PURPOSES) {
            Sql.execute(
                    c,
                    FinalTableSql.renameIndex(
                            target.schema(), IndexNames.of(temp, purpose), IndexNames.of(target, purpose)));
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " and " + b;
    }
}

package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SqlText;
import java.util.Optional;

/**
 * SQL of Citus clusters (docs/citus.md): finding the extension, a table's distribution, distributing a
 * table, the settings of the connector's transactions on a cluster. Pure functions; table and column names
 * are bind parameters (a table as its quoted, qualified name, read by {@code to_regclass}; a column as its
 * plain name, which is how {@code create_distributed_table} takes it).
 */
public final class CitusSql {
    private CitusSql() {}

    /** One row: 1 when the citus extension is installed in the current database, else 0. */
    public static String installed() {
        return "SELECT count(*) FROM pg_extension WHERE extname = 'citus'";
    }

    /**
     * How Citus knows a table: no row when it is a plain local table (or does not exist); else one row, its
     * partition method ({@code h} hash-distributed, {@code n} reference or Citus-managed local table) and,
     * for a distributed table, its distribution column (NULL otherwise), separated by a space.
     */
    public static BoundSql distribution(QualifiedName table) {
        return new SqlText()
                .add("SELECT partmethod::text || ' ' || COALESCE(column_to_column_name(logicalrelid, partkey), '')"
                        + " FROM pg_dist_partition WHERE logicalrelid = to_regclass(")
                .param(table.quoted())
                .add(")")
                .bound();
    }

    /**
     * The distribution column of {@code table} when Citus distributes it by hash on the same column as
     * {@code other} and in the same co-location group (their shards of a value sit on the same worker, so
     * statements joining the two on that column run on the workers); no row otherwise.
     */
    public static BoundSql colocatedColumn(QualifiedName table, QualifiedName other) {
        return new SqlText()
                .add("SELECT column_to_column_name(t.logicalrelid, t.partkey) FROM pg_dist_partition t"
                        + " JOIN pg_dist_partition o ON o.colocationid = t.colocationid"
                        + " AND column_to_column_name(o.logicalrelid, o.partkey)"
                        + " = column_to_column_name(t.logicalrelid, t.partkey)"
                        + " WHERE t.partmethod = 'h' AND o.partmethod = 'h' AND t.logicalrelid = to_regclass(")
                .param(table.quoted())
                .add(") AND o.logicalrelid = to_regclass(")
                .param(other.quoted())
                .add(")")
                .bound();
    }

    /**
     * Distributes a table (still empty) by hash on a column; {@code colocateWith} names a distributed table
     * whose shards it shares, or is empty for Citus's default group of the column's type.
     */
    public static BoundSql distribute(QualifiedName table, Identifier column, Optional<QualifiedName> colocateWith) {
        SqlText sql = new SqlText()
                .add("SELECT create_distributed_table(")
                .param(table.quoted())
                .add("::regclass, ")
                .param(column.name())
                .add(", colocate_with => ");
        if (colocateWith.isPresent()) {
            sql.param(colocateWith.get().quoted());
        } else {
            sql.add("'default'");
        }
        return sql.add(")").bound();
    }

    /**
     * Taken before distributing a table, until the end of the transaction: Citus reports a distributed
     * deadlock when two transactions distribute tables of the same co-location group at once (the setup of
     * several streams runs in parallel), so the connector distributes one table at a time.
     */
    public static String distributionLock() {
        return "SELECT pg_advisory_xact_lock(hashtext('heropixel destination-postgres: citus distribution'))";
    }

    /** Turns a distributed table back into a local table on the coordinator, keeping its rows. */
    public static BoundSql undistribute(QualifiedName table) {
        return BoundSql.around("SELECT undistribute_table(", table.quoted(), "::regclass)");
    }

    /**
     * For a transaction that changes distributed tables and also runs DDL on them: Citus then runs the
     * statements over one connection per worker, so the DDL after a multi-shard change (or the other way
     * round) is allowed in the same transaction.
     */
    public static String sequentialModify() {
        return "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'";
    }

    /**
     * Whether DDL of the rest of the transaction reaches the workers. Off while objects are created in the
     * transaction's temporary schema (the safe-cast function), which stay on the coordinator (Citus would
     * warn that it cannot propagate them); on again right after, since otherwise a {@code TRUNCATE} or
     * {@code DROP} of a distributed table would only reach the coordinator's table, not its shards.
     */
    public static String ddlPropagation(boolean on) {
        return "SET LOCAL citus.enable_ddl_propagation TO " + (on ? "on" : "off");
    }
}

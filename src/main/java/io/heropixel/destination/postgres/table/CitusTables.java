package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tables on a Citus cluster (docs/citus.md). With {@code citus_distribution} "auto" and the citus extension
 * in the target database, a final table the connector creates is distributed: a dedup stream's on its first
 * primary-key column (the merge, the CDC deletes and the key lookups then run on the shard of each key), any
 * other stream's on {@code _airbyte_raw_id} (a random uuid: rows spread evenly and no column of the data is
 * needed). The temp table of an overwrite or truncate refresh gets the placement of the table it will
 * replace, so a distribution the user chose survives the swap. The staging table of a dedup stream is
 * distributed like the final table it feeds and co-located with it when that table is distributed on a
 * key column ({@link #distributeStaging}). Raw tables stay local tables on the coordinator: the typing SQL
 * reads raw rows by their system columns and joins them with themselves, which Citus can only do on one
 * node. A table that exists is never redistributed.
 */
public final class CitusTables {
    private static final Logger LOG = LoggerFactory.getLogger(CitusTables.class);

    /** The column of final tables without a primary key. */
    static final Identifier RAW_ID = Identifier.of("_airbyte_raw_id");

    private final DestinationConfig config;
    private final TableInspector inspector;

    CitusTables(DestinationConfig config, TableInspector inspector) {
        this.config = config;
        this.inspector = inspector;
    }

    /** How Citus places a table. */
    public enum Kind {
        /** A plain Postgres table (on the coordinator when the database is a cluster), or no Citus. */
        LOCAL,
        /** Hash-distributed on a column. */
        DISTRIBUTED,
        /** A reference table or a local table Citus manages: kept as it is. */
        OTHER
    }

    /** A table's placement: its kind and, when distributed, its distribution column. */
    public record Placement(Kind kind, Optional<Identifier> column) {
        static final Placement LOCAL = new Placement(Kind.LOCAL, Optional.empty());

        public boolean distributed() {
            return kind == Kind.DISTRIBUTED;
        }
    }

    /** True when the citus extension is installed in the connection's database. */
    public static boolean installed(Connection c) throws SQLException {
        return Sql.queryLong(c, CitusSql.installed()) == 1;
    }

    /** The placement of a table; {@link Placement#LOCAL} without Citus or when the table does not exist. */
    public static Placement placement(Connection c, QualifiedName table) throws SQLException {
        if (!installed(c)) {
            return Placement.LOCAL;
        }
        String row = Sql.queryString(c, CitusSql.distribution(table));
        if (row == null) {
            return Placement.LOCAL;
        }
        String column = row.substring(row.indexOf(' ') + 1);
        return row.startsWith("h ") && !column.isEmpty()
                ? new Placement(Kind.DISTRIBUTED, Optional.of(Identifier.of(column)))
                : new Placement(Kind.OTHER, Optional.empty());
    }

    /**
     * At the start of a transaction that may distribute a table or change a distributed one (before it
     * creates anything): Citus then runs the transaction's statements on the shards over one connection per
     * worker, and the transaction waits until no other transaction of the connector distributes a table.
     * Without the first, Citus reports a distributed deadlock when a table whose name is 56 bytes or longer
     * (its shard names are shortened) is created and distributed in one transaction; without the second,
     * when the parallel setup of several streams distributes tables at once.
     */
    void prepareTransaction(Connection c) throws SQLException {
        if (installed(c)) {
            Sql.execute(c, CitusSql.sequentialModify());
            if (config.citusDistribution().distributes()) {
                Sql.queryStrings(c, CitusSql.distributionLock());
            }
        }
    }

    /**
     * Distributes a final table (or its temp table) that was just created, empty, in the caller's
     * transaction, when the config and the database say so; {@code columns} are the new table's columns and
     * their types.
     */
    void distributeNew(Connection c, StreamPlan plan, QualifiedName target, Map<String, String> columns)
            throws SQLException {
        if (!config.citusDistribution().distributes() || !installed(c)) {
            return;
        }
        Optional<QualifiedName> colocateWith = Optional.empty();
        Identifier column = defaultColumn(plan);
        Map<String, String> replacedColumns =
                target.equals(plan.finalTempTable()) ? inspector.columns(c, plan.finalTable()) : Map.of();
        if (!replacedColumns.isEmpty()) {
            // the temp table of an overwrite or truncate refresh: placed like the table it will replace
            Placement replaced = placement(c, plan.finalTable());
            if (!replaced.distributed()) {
                LOG.info("{} stays on the coordinator like {}, the table it will replace", target, plan.finalTable());
                return;
            }
            String name = replaced.column().get().name();
            if (columns.containsKey(name)) {
                column = replaced.column().get();
                if (columns.get(name).equals(replacedColumns.get(name))) {
                    colocateWith = Optional.of(plan.finalTable());
                }
            }
        }
        Sql.queryStrings(c, CitusSql.distribute(target, column, colocateWith));
        LOG.info("Distributed {} on column {} over the Citus workers", target, column.name());
    }

    /**
     * The staging table of a dedup stream (just created, empty, {@code LIKE} the table it feeds, in the
     * caller's transaction, after {@link #prepareTransaction}): when {@code target} is distributed on a
     * primary-key column (the connector's choice or the user's), the staging table is distributed on the
     * same column and co-located with it, so the merge, the CDC deletes and the in-place dedup of the staged
     * rows run on the workers, shard by shard. A target distributed on a column outside the key leaves it
     * local: the merge matches rows by key, and the versions of a key may sit on different shards.
     */
    void distributeStaging(Connection c, StreamPlan plan, QualifiedName staging, QualifiedName target)
            throws SQLException {
        Optional<Identifier> column = stagingColumn(c, plan, target);
        if (column.isPresent()) {
            Sql.queryStrings(c, CitusSql.distribute(staging, column.get(), Optional.of(target)));
            LOG.info(
                    "Distributed {} on column {}, co-located with {}",
                    staging,
                    column.get().name(),
                    target);
        }
    }

    /**
     * The column the staging table feeding {@code target} is distributed on (see {@link
     * #distributeStaging}): the distribution column of {@code target} when it is one of the stream's
     * primary-key columns and the config distributes; empty otherwise, and without Citus.
     */
    Optional<Identifier> stagingColumn(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
        if (!plan.stream().deduplicates() || !config.citusDistribution().distributes() || !installed(c)) {
            return Optional.empty();
        }
        Placement placement = placement(c, target);
        if (!placement.distributed()) {
            return Optional.empty();
        }
        Identifier column = placement.column().get();
        if (!plan.primaryKeyColumns().contains(column)) {
            LOG.info(
                    "The staging table of {} stays on the coordinator: {} is distributed on {}, not a key column",
                    plan.descriptor(),
                    target,
                    column.name());
            return Optional.empty();
        }
        return Optional.of(column);
    }

    /**
     * The column {@code table} and {@code other} are both distributed on, when they are co-located (see
     * {@link CitusSql#colocatedColumn}); empty without Citus or otherwise.
     */
    public static Optional<Identifier> colocatedColumn(Connection c, QualifiedName table, QualifiedName other)
            throws SQLException {
        if (!installed(c)) {
            return Optional.empty();
        }
        return Optional.ofNullable(Sql.queryString(c, CitusSql.colocatedColumn(table, other)))
                .map(Identifier::of);
    }

    /**
     * Citus cannot change the type of a distribution column in place: the table goes back to the
     * coordinator, the column is altered, and the table is distributed on it again (its rows are copied
     * twice). In the caller's transaction.
     */
    static void retypeDistributionColumn(Connection c, QualifiedName table, Identifier column, String alter)
            throws SQLException {
        LOG.info(
                "{} is distributed on {}: undistributing it to change the column's type, then distributing it again",
                table,
                column.name());
        Sql.Work<Void> retype = () -> {
            Sql.execute(c, alter);
            return null;
        };
        onCoordinator(c, table, column, retype);
    }

    /**
     * Runs {@code work} (statements that need row addresses, which Citus does not offer across shards) on
     * {@code table} kept on the coordinator: a distributed table goes back to the coordinator first and is
     * distributed again on the same column afterwards (its rows are copied twice). In the caller's
     * transaction.
     */
    public static <T> T onCoordinator(Connection c, QualifiedName table, Sql.Work<T> work) throws SQLException {
        Placement placement = placement(c, table);
        if (!placement.distributed()) {
            return work.run();
        }
        Identifier column = placement.column().orElseThrow();
        LOG.info(
                "{} is distributed on {}: undistributing it for an in-place dedup, then distributing it again",
                table,
                column.name());
        return onCoordinator(c, table, column, work);
    }

    /** Undistributes {@code table}, runs {@code work}, and distributes it again on {@code column}. */
    private static <T> T onCoordinator(Connection c, QualifiedName table, Identifier column, Sql.Work<T> work)
            throws SQLException {
        Sql.queryStrings(c, CitusSql.distributionLock());
        Sql.queryStrings(c, CitusSql.undistribute(table));
        T result = work.run();
        Sql.queryStrings(c, CitusSql.distribute(table, column, Optional.empty()));
        return result;
    }

    /** The first primary-key column of a dedup stream, else {@code _airbyte_raw_id}. */
    static Identifier defaultColumn(StreamPlan plan) {
        List<Identifier> key = plan.primaryKeyColumns();
        return plan.stream().deduplicates() && !key.isEmpty() ? key.get(0) : RAW_ID;
    }

    /**
     * The error of a row whose distribution column is NULL (Citus cannot place it on a shard): a config
     * error saying which column and what to do.
     */
    public static ConfigException nullDistributionValue(StreamPlan plan, QualifiedName target, Identifier column) {
        return new ConfigException("Stream " + plan.descriptor() + ": a record has no value (NULL) in column "
                + column.name() + ", on which Citus distributes " + target
                + " over its workers, and Citus cannot store such a row. Send a value in that column for every"
                + " record (the connector distributes a dedup stream on its first primary-key column), or keep the"
                + " table on the coordinator: run SELECT undistribute_table('"
                + target.quoted().replace("'", "''")
                + "') (or set citus_distribution to \"off\" before the table is created).");
    }
}

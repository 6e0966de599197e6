package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.TableSql;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One typing pass of one stream: where rows come from and go to, the target's columns, the cast mode,
 * and whether winning CDC deletion records are kept as rows ({@code cdc_deletion_mode} "Soft delete").
 * {@code colocatedBatch}: an empty staging table of a CDC stream, which the dedup batch is moved into
 * (on Citus, co-located with the target, so the merge runs on the workers; see {@link Deduper}).
 */
record TypingPass(
        Connection c,
        StreamPlan plan,
        QualifiedName raw,
        QualifiedName target,
        List<TypedColumn> columns,
        CastMode mode,
        boolean keepDeletionRows,
        boolean throughLocalTable,
        boolean lastPass,
        Optional<QualifiedName> colocatedBatch) {

    /**
     * Runs an insert of typed raw rows that returns its counts ({@code insertInto} gives it for a
     * target table). With {@code throughLocalTable} (safe casts by function into a table Citus
     * distributes) the rows are typed into a local temp table first and then moved to the target: the
     * function's exception block is a subtransaction, which Citus cannot run while it streams rows to
     * the shards.
     */
    long[] insertTyped(Function<QualifiedName, BoundSql> insertInto) throws SQLException {
        return insertTyped(target, insertInto);
    }

    /**
     * Like {@link #insertTyped(Function)} into {@code table}: the target or its staging table, which Citus
     * co-locates with it (the local temp table is dropped after the move, so a pass may go through it twice).
     */
    long[] insertTyped(QualifiedName table, Function<QualifiedName, BoundSql> insertInto) throws SQLException {
        if (!throughLocalTable) {
            return Sql.queryTwoLongs(c, insertInto.apply(table));
        }
        Sql.execute(c, TypingSql.createLocalTyped(table));
        long[] counts = Sql.queryTwoLongs(c, insertInto.apply(TypingSql.LOCAL_TYPED));
        Sql.update(c, TypingSql.moveLocalTyped(table, columns));
        Sql.execute(c, TableSql.dropTable(TypingSql.LOCAL_TYPED, false));
        return counts;
    }

    /** The staging table of rows typed while loading (if any): its rows and the values nulled in them. */
    record Staged(Optional<QualifiedName> table, long rows, long nulled) {
        static final Staged NONE = new Staged(Optional.empty(), -1, 0);
    }

    /**
     * Values nulled, final rows removed by CDC deletions (hard deletes; 0 with soft deletes), rows inserted
     * into the final table.
     */
    record Counts(long nulled, long deleted, long inserted) {
        /** From a {@code count(*), sum(nulled)} row of an insert. */
        static Counts ofInsert(long[] insertedAndNulled) {
            return new Counts(insertedAndNulled[1], 0, insertedAndNulled[0]);
        }
    }
}

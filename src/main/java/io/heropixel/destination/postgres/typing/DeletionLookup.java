package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SqlText;
import io.heropixel.destination.postgres.table.RawTableSql;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * SQL fragments of the CDC anti-resurrection lookup (used by {@link DedupSql}): loaded deletion records
 * of the raw table whose primary key equals the key of a new raw row. Property names are bind parameters.
 *
 * <p>Keys are matched by their {@linkplain #keyText normalised text}, the expression of the partial
 * {@code <raw>_deletions} index: a number, as a JSON number or a string, in any spelling ({@code 1},
 * {@code 1.0}, {@code "1.00"}, {@code "1e0"}) has one text, so a deletion sticks however a later, older
 * version spells its key. The match may be wider than the typed key (the string keys {@code "1.0"} and
 * {@code "1"} share a text): such a deletion record only joins the batch as a version of its own typed
 * key, and applying a deletion again changes nothing, because the dedup keeps the newest version.
 */
final class DeletionLookup {
    private DeletionLookup() {}

    static SqlText deletionsByKey(QualifiedName raw, List<String> keys) {
        return new SqlText()
                .add("SELECT " + prefixedRawColumns("d.") + " FROM " + raw.quoted() + " d WHERE " + isDeletion("d.")
                        + " AND d._airbyte_loaded_at IS NOT NULL AND (")
                .join(", ", keyTexts("d.", keys))
                .add(") IN (SELECT ")
                .join(", ", keyTexts("n.", keys))
                .add(" FROM " + raw.quoted() + " n WHERE n._airbyte_loaded_at IS NULL)");
    }

    /**
     * Loaded deletion records whose TYPED key equals, NULL-to-NULL, a typed key with a NULL component of a
     * new raw row: a key that is NULL in the final table (missing, JSON null, or a value that does not fit its
     * column, such as {@code "abc"} or {@code 42.5} in a bigint key) is one key, as the dedup treats it, so a
     * deletion of it sticks whichever way each record spelled it. Not indexed (the keys are typed first);
     * only used when a new row has such a key.
     */
    static SqlText deletionsByNullableKey(QualifiedName raw, List<TypedColumn> keys, CastMode mode) {
        List<SqlText> extractedNew = new ArrayList<>();
        List<SqlText> extractedDeletion = new ArrayList<>();
        List<SqlText> typedNew = new ArrayList<>();
        List<SqlText> typedDeletion = new ArrayList<>();
        List<String> anyNull = new ArrayList<>();
        List<String> match = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            extractedNew.add(extractedKey(keys, i));
            extractedDeletion.add(extractedKey(keys, i));
            typedNew.add(TypedSelect.cast("_ab_x" + i, keys.get(i), mode).add(" AS _ab_k" + i));
            typedDeletion.add(TypedSelect.cast("_ab_x" + i, keys.get(i), mode).add(" AS _ab_k" + i));
            anyNull.add("_ab_k" + i + " IS NULL");
            match.add("d._ab_k" + i + " IS NOT DISTINCT FROM n._ab_k" + i);
        }
        return new SqlText()
                .add("SELECT " + prefixedRawColumns("d.") + " FROM (SELECT " + RawTableSql.RAW_COLUMNS + ", ")
                .join(", ", typedDeletion)
                .add(" FROM (SELECT " + RawTableSql.RAW_COLUMNS + ", ")
                .join(", ", extractedDeletion)
                .add(" FROM " + raw.quoted() + " WHERE " + isDeletion("")
                        + " AND _airbyte_loaded_at IS NOT NULL) AS _ab_d OFFSET 0) d JOIN (SELECT DISTINCT * FROM"
                        + " (SELECT ")
                .join(", ", typedNew)
                .add(" FROM (SELECT ")
                .join(", ", extractedNew)
                .add(" FROM " + raw.quoted() + " WHERE _airbyte_loaded_at IS NULL) AS _ab_n OFFSET 0) AS _ab_t WHERE "
                        + String.join(" OR ", anyNull) + ") n ON " + String.join(" AND ", match));
    }

    /** Key component {@code i} as JSON from the raw data, as {@code _ab_x<i>}. */
    private static SqlText extractedKey(List<TypedColumn> keys, int i) {
        return new SqlText()
                .add("_airbyte_data -> ")
                .param(keys.get(i).originalName())
                .add(" AS _ab_x" + i);
    }

    /** 1 when an unprocessed raw row has a primary-key component that is NULL once typed, else 0. */
    static SqlText newRowsWithNullTypedKey(QualifiedName raw, List<TypedColumn> keys, CastMode mode) {
        List<SqlText> extracted = new ArrayList<>();
        List<SqlText> anyNull = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            extracted.add(extractedKey(keys, i));
            anyNull.add(TypedSelect.cast("_ab_x" + i, keys.get(i), mode).add(" IS NULL"));
        }
        return new SqlText()
                .add("SELECT (EXISTS (SELECT 1 FROM (SELECT ")
                .join(", ", extracted)
                .add(" FROM " + raw.quoted() + " WHERE _airbyte_loaded_at IS NULL) AS _ab_n WHERE ")
                .join(" OR ", anyNull)
                .add("))::int");
    }

    /** The typed columns of the primary key, in key order. */
    static List<TypedColumn> keyColumns(List<TypedColumn> columns, List<String> keys) {
        List<TypedColumn> out = new ArrayList<>();
        for (String key : keys) {
            columns.stream()
                    .filter(c -> c.originalName().equals(key))
                    .findFirst()
                    .ifPresent(out::add);
        }
        return out;
    }

    static String prefixedRawColumns(String alias) {
        return alias + RawTableSql.RAW_COLUMNS.replace(", ", ", " + alias);
    }

    private static SqlText rawKey(String alias, String key) {
        return new SqlText().add("(" + alias + "_airbyte_data ->> ").param(key).add(")");
    }

    /** The normalised text of a key property ({@link RawTableSql#keyText}). */
    static SqlText keyText(Supplier<SqlText> text) {
        return RawTableSql.keyText(text);
    }

    /** The normalised key texts of {@code keys} (see {@link #keyText}) of the raw table aliased {@code alias}. */
    static List<SqlText> keyTexts(String alias, List<String> keys) {
        List<SqlText> parts = new ArrayList<>();
        for (String key : keys) {
            parts.add(keyText(() -> rawKey(alias, key)));
        }
        return parts;
    }

    static String isDeletion(String alias) {
        return RawTableSql.isDeletion(alias);
    }
}

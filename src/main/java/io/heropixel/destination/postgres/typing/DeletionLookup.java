package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.naming.QualifiedName;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL fragments of the CDC anti-resurrection lookup (used by {@link SqlGenerator}): loaded deletion records
 * of the raw table whose primary key equals the key of a new raw row. Property names are bind parameters.
 */
final class DeletionLookup {
    private DeletionLookup() {}

    static SqlText deletionsByKey(QualifiedName raw, List<String> keys) {
        return new SqlText()
                .add("SELECT " + prefixedRawColumns("d.") + " FROM " + raw.quoted() + " d WHERE " + isDeletion("d.")
                        + " AND d._airbyte_loaded_at IS NOT NULL AND (")
                .join(", ", rawKeys("d.", keys))
                .add(") IN (SELECT ")
                .join(", ", rawKeys("n.", keys))
                .add(" FROM " + raw.quoted() + " n WHERE n._airbyte_loaded_at IS NULL)");
    }

    static SqlText deletionsByNullableKey(QualifiedName raw, List<String> keys) {
        List<SqlText> selected = new ArrayList<>();
        List<SqlText> anyNull = new ArrayList<>();
        List<SqlText> match = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            selected.add(rawKey("n.", keys.get(i)).add(" AS _ab_k" + i));
            anyNull.add(rawKey("n.", keys.get(i)).add(" IS NULL"));
            match.add(rawKey("d.", keys.get(i)).add(" IS NOT DISTINCT FROM n._ab_k" + i));
        }
        return new SqlText()
                .add("SELECT " + prefixedRawColumns("d.") + " FROM (SELECT DISTINCT ")
                .join(", ", selected)
                .add(" FROM " + raw.quoted() + " n WHERE n._airbyte_loaded_at IS NULL AND (")
                .join(" OR ", anyNull)
                .add(")) n JOIN " + raw.quoted() + " d ON ")
                .join(" AND ", match)
                .add(" WHERE " + isDeletion("d.") + " AND d._airbyte_loaded_at IS NOT NULL");
    }

    static List<SqlText> rawKeys(String alias, List<String> keys) {
        List<SqlText> parts = new ArrayList<>();
        for (String key : keys) {
            parts.add(rawKey(alias, key));
        }
        return parts;
    }

    static String prefixedRawColumns(String alias) {
        return alias + SqlGenerator.RAW_COLUMNS.replace(", ", ", " + alias);
    }

    static SqlText rawKey(String alias, String key) {
        return new SqlText().add("(" + alias + "_airbyte_data ->> ").param(key).add(")");
    }

    static String isDeletion(String alias) {
        return "jsonb_typeof(" + alias + "_airbyte_data -> '_ab_cdc_deleted_at') <> 'null'";
    }
}

package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SqlText;

/**
 * Queries that read what exists in the database (schemas, tables, columns, indexes, what depends on a
 * table): pure functions returning text; names are bind parameters (a table as its quoted, qualified name,
 * read by {@code to_regclass}).
 */
public final class CatalogSql {
    /** The schema-qualified name of the relation of a rewrite rule {@code r}. */
    private static final String RELATION_NAME =
            """
            (SELECT format('%I.%I', n.nspname, v.relname) FROM pg_class v \
            JOIN pg_namespace n ON n.oid = v.relnamespace WHERE v.oid = r.ev_class)""";

    private CatalogSql() {}

    /** Bind: schema name. Returns one row when the schema exists. */
    public static String schemaExists() {
        return "SELECT 1 FROM pg_namespace WHERE nspname = ?";
    }

    /** Bind: the quoted, qualified table name. Returns one row when the table exists. */
    public static String tableExists() {
        return "SELECT 1 WHERE to_regclass(?) IS NOT NULL";
    }

    /**
     * One row: 1 when the raw table exists with the meta columns that older versions lacked ({@code
     * _airbyte_meta}, {@code _airbyte_generation_id}) and the index {@code index}, else 0 (see
     * TableLifecycle#prepareRawTable).
     */
    public static BoundSql rawTableComplete(QualifiedName raw, QualifiedName index) {
        return new SqlText()
                .add("SELECT (to_regclass(")
                .param(index.quoted())
                .add(") IS NOT NULL AND (SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(")
                .param(raw.quoted())
                .add(") AND attname IN ('_airbyte_meta', '_airbyte_generation_id') AND attnum > 0"
                        + " AND NOT attisdropped) = 2)::int")
                .bound();
    }

    /** Binds: an array of quoted table names. Rows: the (1-based) position of each that exists. */
    public static String existingTables() {
        return "SELECT i FROM unnest(?::text[]) WITH ORDINALITY AS t(name, i) WHERE to_regclass(name) IS NOT NULL";
    }

    /**
     * Binds: an array of schema names, an array of table names (pairwise). Rows: the (1-based) position of
     * the table, column name, {@code format_type} text, in column order.
     */
    public static String columnTypesOfTables() {
        return """
                SELECT t.i, a.attname, format_type(a.atttypid, a.atttypmod)
                FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(nspname, relname, i)
                JOIN pg_namespace n ON n.nspname = t.nspname JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.relname
                JOIN pg_attribute a ON a.attrelid = c.oid
                WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY t.i, a.attnum""";
    }

    /** Binds: schema name, table name. Rows: column name, {@code format_type} text, in column order. */
    public static String columnTypes() {
        return """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""";
    }

    /** One row: 1 when the table has a row, else 0. */
    public static String hasRows(QualifiedName table) {
        return "SELECT (EXISTS (SELECT 1 FROM " + table.quoted() + "))::int";
    }

    /** 1 when a raw table has a row not yet typed, else 0. */
    public static String hasUnprocessedRows(QualifiedName raw) {
        return "SELECT (EXISTS (SELECT 1 FROM " + raw.quoted() + " WHERE _airbyte_loaded_at IS NULL))::int";
    }

    /** The generation of one row (any), to tell whether a table holds rows of the current generation. */
    public static String anyRowGeneration(QualifiedName table) {
        // through jsonb, so a table of Airbyte 2.x without the column reads as generation NULL
        return "SELECT (to_jsonb(_ab_t) ->> '_airbyte_generation_id')::bigint FROM " + table.quoted()
                + " AS _ab_t LIMIT 1";
    }

    /** The planner's estimate of the rows of a table (one row, one number); -1 or 0 when unknown. */
    public static BoundSql estimatedRows(QualifiedName table) {
        return BoundSql.around(
                "SELECT COALESCE((SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(",
                table.quoted(),
                ")), -1)");
    }

    /**
     * What a drop-and-rename of the bound table would lose that {@code CREATE TABLE ... (LIKE ...)} does not
     * copy: indexes other than the two bound names (the connector's, unqualified), constraints other than
     * NOT NULL, column defaults, and sequences it owns (serial, identity). One row, one count; 0 when there
     * is nothing. Binds: table, index name, index name, table, table, table.
     */
    public static String tableDefinitionExtras() {
        return """
                SELECT (SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
                WHERE i.indrelid = to_regclass(?) AND x.relname NOT IN (?, ?))
                + (SELECT count(*) FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype <> 'n')
                + (SELECT count(*) FROM pg_attrdef WHERE adrelid = to_regclass(?))
                + (SELECT count(*) FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
                WHERE d.classid = 'pg_class'::regclass AND d.refobjid = to_regclass(?) AND s.relkind = 'S')""";
    }

    /**
     * Every object that {@code DROP TABLE ... CASCADE} of the bound table would drop: views and materialized
     * views (also views on those views), foreign keys of other tables, and any other object with a normal
     * dependency. One row per object, described.
     */
    public static String dependentObjects() {
        return """
                WITH RECURSIVE deps(classid, objid, objsubid, depth) AS (
                SELECT d.classid, d.objid, d.objsubid, 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass
                AND d.refobjid = to_regclass(?) AND d.deptype = 'n'
                UNION SELECT d.classid, d.objid, d.objsubid, deps.depth + 1 FROM deps
                JOIN pg_rewrite r ON deps.classid = 'pg_rewrite'::regclass AND r.oid = deps.objid
                JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = r.ev_class
                AND d.deptype = 'n' WHERE deps.depth < 32)
                SELECT DISTINCT CASE WHEN deps.classid = 'pg_rewrite'::regclass THEN (SELECT CASE c.relkind
                WHEN 'm' THEN 'materialized view ' WHEN 'v' THEN 'view ' ELSE 'rule on ' END
                || %s FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
                WHERE r.oid = deps.objid) ELSE pg_describe_object(deps.classid, deps.objid, deps.objsubid) END
                AS description FROM deps ORDER BY 1"""
                .formatted(RELATION_NAME);
    }

    /**
     * What a drop-and-rename would lose besides dependent objects: grants, comments, another owner,
     * triggers, row security, storage options, a non-plain table kind. Bind: the quoted, qualified name.
     * One row: a comma-separated list, empty when there is nothing to keep.
     */
    public static String tableProperties() {
        return """
                SELECT concat_ws(', ',
                CASE WHEN c.relacl IS NOT NULL THEN 'grants' END,
                CASE WHEN EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = c.oid
                AND d.classoid = 'pg_class'::regclass) THEN 'comments' END,
                CASE WHEN c.relowner <> (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
                THEN 'owner' END,
                CASE WHEN EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
                THEN 'triggers' END,
                CASE WHEN c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
                THEN 'row security' END,
                CASE WHEN c.reloptions IS NOT NULL THEN 'storage options' END,
                CASE WHEN c.relkind <> 'r' THEN 'table kind' END)
                FROM pg_class c WHERE c.oid = to_regclass(?)""";
    }

    /** Foreign keys of other tables that reference the bound table: "constraint on table", one per row. */
    public static String referencingForeignKeys() {
        return """
                SELECT format('%I on %s', conname, conrelid::regclass) FROM pg_constraint WHERE contype = 'f'
                AND confrelid = to_regclass(?) ORDER BY 1""";
    }

    /** Views and rules that use one column. Binds: the table's quoted, qualified name, the column name. */
    public static String viewsUsingColumn() {
        return """
                SELECT DISTINCT %s FROM pg_depend d
                JOIN pg_rewrite r ON r.oid = d.objid
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.refobjid = to_regclass(?) AND a.attname = ? AND r.ev_class <> d.refobjid ORDER BY 1"""
                .formatted(RELATION_NAME);
    }

    /** The plain columns of an index, in index order. Bind: the index's quoted, qualified name. */
    public static String indexColumns() {
        return """
                SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
                AND a.attnum = ANY (i.indkey) WHERE i.indexrelid = to_regclass(?)
                ORDER BY array_position(i.indkey::int2[], a.attnum)""";
    }

    /** Each index of the bound table: its plain columns joined with U+0001, in index order. */
    public static String indexColumnLists() {
        return """
                SELECT string_agg(a.attname, chr(1) ORDER BY array_position(i.indkey::int2[], a.attnum))
                FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = to_regclass(?) GROUP BY i.indexrelid""";
    }
}

package io.heropixel.destination.postgres.naming;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves every table, column and index name of a catalog (docs/naming.md) before any DDL runs: normalised,
 * at most 63 bytes, collision-free, and the same on every run for the same catalog.
 */
public final class StreamPlanner {
    /** The meta columns of final tables; a user property with one of these names is renamed. */
    public static final Set<String> META_COLUMNS = Set.of(
            "_airbyte_raw_id",
            "_airbyte_extracted_at",
            "_airbyte_meta",
            "_airbyte_generation_id",
            "_airbyte_loaded_at");

    /**
     * The widest stream that can be typed. Postgres allows 1,600 columns per table and 1,664 entries per
     * SELECT list; the typing query ({@code typing.TypedSelect}) carries two entries per column (the
     * extracted JSON and the cast value) plus 4 meta entries in its middle level, so 830 columns is the limit.
     */
    public static final int MAX_USER_COLUMNS = (1664 - 4) / 2;

    private StreamPlanner() {}

    /** The schema of the raw tables: {@code raw_data_schema} (default airbyte_internal), normalised, lower case. */
    public static Identifier rawSchema(DestinationConfig config) {
        String rawSchemaSetting = config.rawSchema().isBlank() ? "airbyte_internal" : config.rawSchema();
        return Identifier.of(Names.truncate(Names.normalise(rawSchemaSetting).toLowerCase(Locale.ROOT)));
    }

    /** The schema of a final table for a namespace (null: the default schema), normalised, case kept. */
    public static Identifier finalSchema(String namespace, DestinationConfig config) {
        return Identifier.of(Names.truncate(Names.normalise(namespace == null ? config.defaultSchema() : namespace)));
    }

    /**
     * The plans of a catalog written to a database without registered streams or existing tables: what the
     * naming rules give each stream. The write path uses {@link StreamRegistry#resolve} instead.
     */
    public static List<StreamPlan> plan(List<ConfiguredStream> streams, DestinationConfig config) {
        validate(streams, config);
        return plans(
                streams,
                TableAssigner.assign(streams, config, Map.of(), Set.of(), Set.of())
                        .tables(),
                config.directLoad());
    }

    /**
     * The plans of the catalog's streams, in catalog order, for the tables assigned to them; with {@code
     * direct}, each plan writes its side table where it would write its raw table.
     */
    static List<StreamPlan> plans(
            List<ConfiguredStream> streams, Map<ConfiguredStream, StreamTables> tables, boolean direct) {
        List<StreamPlan> result = new ArrayList<>();
        for (ConfiguredStream stream : streams) {
            StreamTables assigned = tables.get(stream);
            result.add(new StreamPlan(
                    stream,
                    direct ? assigned.sideTable() : assigned.rawTable(),
                    direct ? assigned.sideTempTable() : assigned.rawTempTable(),
                    assigned.finalTable(),
                    assigned.finalTempTable(),
                    columns(stream),
                    assigned.sideTable(),
                    direct,
                    assigned.rawTable()));
        }
        return result;
    }

    /** An index name for a table: {@code <table>_<purpose>}, at most 63 bytes, deterministic. */
    public static Identifier indexName(QualifiedName table, String purpose) {
        return Identifier.of(Names.withSuffix(table.table().name(), "_" + purpose));
    }

    /** Checks what makes a stream impossible to write (before any name is registered). */
    static void validate(List<ConfiguredStream> streams, DestinationConfig config) {
        for (ConfiguredStream stream : streams) {
            for (String key : stream.primaryKey()) {
                if (!stream.columns().containsKey(key)) {
                    throw new ConfigException("The primary key field '" + key + "' of stream " + stream.descriptor()
                            + " is not a top-level property of its schema. Choose a primary key among the stream's"
                            + " top-level properties.");
                }
            }
            if (!config.disableTypeDedupe() && stream.columns().size() > MAX_USER_COLUMNS) {
                throw new ConfigException("Stream " + stream.descriptor() + " has "
                        + stream.columns().size()
                        + " top-level properties, but at most " + MAX_USER_COLUMNS + " can be typed into a final"
                        + " table (Postgres limits tables to 1600 columns and queries to 1664). Deselect fields of"
                        + " this stream in the connection's schema so that at most " + MAX_USER_COLUMNS
                        + " remain, or enable disable_type_dedupe to load the stream into its raw table only.");
            }
        }
    }

    /**
     * The table that holds the rows typed while loading into {@code rawTarget} (the raw table or its temp
     * table) until they are deduplicated into the final table; in the raw schema, next to its raw table.
     */
    public static QualifiedName stagingTable(QualifiedName rawTarget) {
        return new QualifiedName(
                rawTarget.schema(),
                Identifier.of(Names.withSuffix(rawTarget.table().name(), StreamTables.TYPED_SUFFIX)));
    }

    /** Raw table name: {@code <ns>_raw_<k underscores>stream_<name>}, normalised, 63 bytes, lower case. */
    static String rawName(String namespace, String name) {
        return Names.truncate(rawBase(namespace, name)).toLowerCase(Locale.ROOT);
    }

    static String rawBase(String namespace, String name) {
        int longest = Math.max(1, longestUnderscoreRun(namespace + name));
        return Names.normalise(namespace + "_raw" + "_".repeat(longest + 1) + "stream_" + name);
    }

    static int longestUnderscoreRun(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '_' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    static List<ColumnPlan> columns(ConfiguredStream stream) {
        Set<String> used = new HashSet<>(META_COLUMNS);
        List<ColumnPlan> columns = new ArrayList<>();
        for (Map.Entry<String, AirbyteType> e : stream.columns().entrySet()) {
            String column = columnName(e.getKey(), used);
            used.add(column);
            columns.add(new ColumnPlan(e.getKey(), Identifier.of(column), e.getValue()));
        }
        return columns;
    }

    private static String columnName(String original, Set<String> used) {
        String candidate = Names.truncate(Names.normalise(original));
        for (int i = 1; used.contains(candidate); i++) {
            // The incumbent's "_1", "_2", ... suffix; a long name is cut and gets a hash of the whole name.
            candidate = Names.withSuffix(Names.normalise(original), "_" + i);
        }
        return candidate;
    }
}

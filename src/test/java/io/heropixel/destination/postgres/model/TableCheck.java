package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.model.Rows.FinalRow;
import io.heropixel.destination.postgres.model.Rows.RawRow;
import io.heropixel.destination.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads every raw and final table of a database and compares it with the model; returns the differences. */
final class TableCheck {
    private static final Set<String> META =
            Set.of("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id");

    private TableCheck() {}

    static List<String> compare(TestDatabase db, Model model) {
        List<String> problems = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, MDY'");
            Set<String> expectedTables = new TreeSet<>();
            for (Map.Entry<String, ModelNames.Tables> e : model.names.all().entrySet()) {
                StreamTables expected = model.streams.get(e.getKey());
                ModelNames.Tables t = e.getValue();
                if (model.direct) {
                    // direct_load: no raw table; the side table holds no untyped row after an attempt that typed
                    String side = ModelNames.withSuffix(t.rawName(), "_airbyte_direct");
                    expectedTables.add(t.rawSchema() + "." + side);
                    checkSideEmpty(c, t.rawSchema(), side, problems);
                } else {
                    String rawName = t.rawSchema() + "." + t.rawName();
                    expectedTables.add(rawName);
                    compareRaw(c, rawName, t, expected, problems);
                }
                if (expected.finalColumns != null) {
                    expectedTables.add(t.finalSchema() + "." + t.finalName());
                    compareFinal(c, t, expected, problems);
                }
            }
            List<String> present = tables(c);
            for (Map.Entry<String, ModelNames.Tables> e : model.names.all().entrySet()) {
                StreamTables expected = model.streams.get(e.getKey());
                ModelNames.Tables t = e.getValue();
                List<String> temps = List.of(
                        t.finalSchema() + "." + ModelNames.withSuffix(t.finalName(), "_airbyte_tmp"),
                        t.rawSchema() + "." + ModelNames.withSuffix(t.rawName(), "_airbyte_tmp"));
                for (String temp : temps) {
                    if (expected.truncate == null && present.contains(temp)) {
                        problems.add("temp table " + temp + " is left although no truncate of " + e.getKey()
                                + " is in progress");
                    }
                }
            }
            Set<String> tempStaging = new TreeSet<>();
            for (ModelNames.Tables t : model.names.all().values()) {
                for (String raw : List.of(t.rawName(), ModelNames.withSuffix(t.rawName(), "_airbyte_direct"))) {
                    tempStaging.add(t.rawSchema() + "."
                            + ModelNames.withSuffix(ModelNames.withSuffix(raw, "_airbyte_tmp"), "_airbyte_typed"));
                }
            }
            for (String table : present) {
                if (!expectedTables.contains(table) && !internal(table, model.names.rawSchema, tempStaging)) {
                    problems.add("unexpected table " + table);
                }
            }
        } catch (SQLException e) {
            problems.add("reading the tables failed: " + e.getMessage());
        }
        return problems;
    }

    /**
     * Temp tables of truncates in progress and staging tables are not compared; the staging table of a raw
     * (or side) table may stay between syncs (empty, kept by Citus co-located with the final table, or holding
     * rows of an interrupted sync), but that of a raw temp table ({@code tempStaging}) must not be left.
     */
    private static boolean internal(String table, String rawSchema, Set<String> tempStaging) {
        String name = table.substring(table.indexOf('.') + 1);
        if (table.startsWith(rawSchema + ".") && !name.contains("_raw_")) {
            return true; // the connector's own bookkeeping (e.g. a name registry)
        }
        if (name.endsWith("_airbyte_tmp")) {
            return true;
        }
        if (name.endsWith("_airbyte_typed")) {
            return KnownDefects.INTERNAL_TABLE_NAME_COLLISIONS || !tempStaging.contains(table);
        }
        return false;
    }

    private static void checkSideEmpty(Connection c, String schema, String side, List<String> problems)
            throws SQLException {
        if (!exists(c, schema, side)) {
            problems.add("missing side table " + schema + "." + side);
            return;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM " + quoted(schema, side) + " WHERE _airbyte_loaded_at IS NULL")) {
            rs.next();
            if (rs.getLong(1) != 0) {
                problems.add(
                        "side table " + schema + "." + side + " holds " + rs.getLong(1) + " untyped rows after typing");
            }
        }
    }

    private static void compareRaw(
            Connection c, String table, ModelNames.Tables t, StreamTables expected, List<String> problems)
            throws SQLException {
        Map<String, int[]> want = new TreeMap<>();
        for (RawRow r : expected.raw) {
            int[] range = want.computeIfAbsent(r.canonical(), k -> new int[2]);
            range[0] += r.mayRepeat ? 0 : 1;
            range[1]++;
        }
        String sql = "SELECT _airbyte_data::text, _airbyte_generation_id, "
                + "(extract(epoch from _airbyte_extracted_at) * 1000)::bigint, _airbyte_meta::text, "
                + "_airbyte_loaded_at IS NOT NULL FROM " + quoted(t.rawSchema(), t.rawName());
        Map<String, Integer> have = new TreeMap<>();
        if (!exists(c, t.rawSchema(), t.rawName())) {
            problems.add("missing raw table " + table);
            return;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                JsonNode meta = Lines.parse(rs.getString(4));
                String row = "data=" + Rows.canonicalJson(Lines.parse(rs.getString(1))) + " generation="
                        + rs.getLong(2) + " extracted_at=" + rs.getLong(3) + " sync_id="
                        + meta.path("sync_id").asText()
                        + (meta.path("changes").isEmpty() ? "" : " changes=" + changes(meta)) + " loaded="
                        + rs.getBoolean(5);
                have.merge(row, 1, Integer::sum);
            }
        }
        diff("raw table " + table, want, have, problems);
    }

    private static void compareFinal(Connection c, ModelNames.Tables t, StreamTables expected, List<String> problems)
            throws SQLException {
        String table = t.finalSchema() + "." + t.finalName();
        List<String> columns = new ArrayList<>();
        List<String> actualColumns = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            p.setString(1, t.finalSchema());
            p.setString(2, t.finalName());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (!META.contains(rs.getString(1))) {
                        columns.add(rs.getString(1));
                        actualColumns.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
        }
        if (!exists(c, t.finalSchema(), t.finalName())) {
            problems.add("missing final table " + table);
            return;
        }
        List<String> wantColumns = new ArrayList<>();
        expected.finalColumns.forEach((name, type) -> wantColumns.add(name + " " + type.pgType));
        if (!wantColumns.equals(actualColumns)) {
            problems.add("final table " + table + ": columns " + actualColumns + ", expected " + wantColumns);
        }
        Map<String, int[]> want = new TreeMap<>();
        for (FinalRow r : expected.finalRows) {
            int[] range = want.computeIfAbsent(r.canonical(expected.finalColumns.keySet()), k -> new int[2]);
            range[0] += r.mayRepeat() ? 0 : 1;
            range[1]++;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String col : columns) {
            sql.append(quoted(col)).append("::text, ");
        }
        sql.append("_airbyte_generation_id, (extract(epoch from _airbyte_extracted_at) * 1000)::bigint, "
                        + "_airbyte_meta::text FROM ")
                .append(quoted(t.finalSchema(), t.finalName()));
        Map<String, Integer> have = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                TreeMap<String, String> values = new TreeMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), rs.getString(i + 1));
                }
                int n = columns.size();
                JsonNode meta = Lines.parse(rs.getString(n + 3));
                List<String> nulled = new ArrayList<>();
                for (JsonNode change : meta.path("changes")) {
                    boolean typecast = change.path("change").asText().equals("NULLED")
                            && change.path("reason").asText().equals("DESTINATION_TYPECAST_ERROR");
                    nulled.add(typecast ? change.path("field").asText() : change(change));
                }
                FinalRow row = new FinalRow(
                        values,
                        nulled,
                        rs.getLong(n + 1),
                        meta.path("sync_id").asLong(),
                        rs.getLong(n + 2),
                        0,
                        List.of(),
                        null,
                        false,
                        false);
                have.merge(row.canonical(values.keySet()), 1, Integer::sum);
            }
        }
        diff("final table " + table, want, have, problems);
    }

    /** A change as "field:change:reason". */
    private static String change(JsonNode change) {
        return change.path("field").asText() + ":" + change.path("change").asText() + ":"
                + change.path("reason").asText();
    }

    private static java.util.SortedSet<String> changes(JsonNode meta) {
        java.util.SortedSet<String> out = new TreeSet<>();
        meta.path("changes").forEach(c -> out.add(change(c)));
        return out;
    }

    private static void diff(String what, Map<String, int[]> want, Map<String, Integer> have, List<String> problems) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        want.forEach((row, range) -> {
            int n = have.getOrDefault(row, 0);
            if (n < range[0]) {
                missing.add((range[0] - n) + "x " + row);
            } else if (n > range[1]) {
                extra.add((n - range[1]) + "x " + row);
            }
        });
        have.forEach((row, n) -> {
            if (!want.containsKey(row)) {
                extra.add(n + "x " + row);
            }
        });
        if (!missing.isEmpty() || !extra.isEmpty()) {
            StringBuilder out = new StringBuilder(what + " differs from the model:");
            missing.stream().limit(12).forEach(r -> out.append("\n    missing   ")
                    .append(r));
            extra.stream().limit(12).forEach(r -> out.append("\n    unexpected ")
                    .append(r));
            problems.add(out.toString());
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM"
                        + " information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                        + " AND table_schema NOT LIKE 'pg_temp%' AND table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }

    private static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The generations of the rows each existing final table holds. A killed attempt may have typed rows into
     * a final table while loading (how many is a race the model cannot know); the next attempt's setup
     * judges that table by what it holds.
     */
    static Map<String, Set<Long>> finalGenerations(TestDatabase db, Model model) {
        Map<String, Set<Long>> out = new java.util.HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (Map.Entry<String, ModelNames.Tables> e : model.names.all().entrySet()) {
                ModelNames.Tables t = e.getValue();
                Set<Long> generations = new TreeSet<>();
                if (exists(c, t.finalSchema(), t.finalName())) {
                    try (ResultSet rs = s.executeQuery(
                            "SELECT DISTINCT _airbyte_generation_id FROM " + quoted(t.finalSchema(), t.finalName()))) {
                        while (rs.next()) {
                            generations.add(rs.getLong(1));
                        }
                    }
                }
                out.put(e.getKey(), generations);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the final tables after a killed attempt failed", e);
        }
        return out;
    }

    static String quoted(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add("\"" + p.replace("\"", "\"\"") + "\"");
        }
        return String.join(".", out);
    }
}

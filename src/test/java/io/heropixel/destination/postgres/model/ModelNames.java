package io.heropixel.destination.postgres.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The naming rules of docs/naming.md, written again from the page (not calling the connector's code), plus
 * the rule that a stream keeps its tables for its whole life: names are registered the first time a
 * stream is synced and never change; a newcomer whose tables (or internal tables) would collide with a
 * registered stream's gets the suffix, and so does a newcomer whose final or raw name ends like an internal
 * table ({@code _airbyte_tmp}, {@code _airbyte_typed}).
 */
final class ModelNames {
    /** The raw schema: {@code raw_data_schema} (default airbyte_internal), normalised, lower case. */
    final String rawSchema;
    /** The {@code schema} setting: the final schema of streams without a namespace. */
    final String defaultSchema;

    ModelNames(String defaultSchema, String rawDataSchema) {
        this.defaultSchema = defaultSchema;
        this.rawSchema = truncate(normalise(rawDataSchema)).toLowerCase(Locale.ROOT);
    }

    private static final Set<String> META = Set.of(
            "_airbyte_raw_id",
            "_airbyte_extracted_at",
            "_airbyte_meta",
            "_airbyte_generation_id",
            "_airbyte_loaded_at");

    /** The endings of the connector's internal tables: a new stream whose name ends so gets the suffix. */
    private static final List<String> INTERNAL_ENDINGS = List.of("_airbyte_tmp", "_airbyte_typed");

    /** The tables of one stream. */
    record Tables(String finalSchema, String finalName, String rawSchema, String rawName) {
        /** Its final, raw, temp and staging tables and their index names (naming.md, "Collisions"). */
        List<String> allNames() {
            String finalTmp = withSuffix(finalName, "_airbyte_tmp");
            String rawTmp = withSuffix(rawName, "_airbyte_tmp");
            List<String> names = new ArrayList<>(List.of(
                    finalSchema + "." + finalName,
                    finalSchema + "." + finalTmp,
                    rawSchema + "." + rawName,
                    rawSchema + "." + rawTmp,
                    rawSchema + "." + withSuffix(rawName, "_airbyte_typed"),
                    rawSchema + "." + withSuffix(rawTmp, "_airbyte_typed")));
            for (String table : List.of(finalName, finalTmp)) {
                names.add(finalSchema + "." + withSuffix(table, "_extracted_at"));
                names.add(finalSchema + "." + withSuffix(table, "_pk"));
            }
            for (String table : List.of(rawName, rawTmp)) {
                names.add(rawSchema + "." + withSuffix(table, "_unprocessed"));
                names.add(rawSchema + "." + withSuffix(table, "_deletions"));
            }
            return names;
        }

        /** True when the final or raw name ends like an internal table (naming.md: such names are reserved). */
        boolean endsLikeAnInternalTable() {
            return INTERNAL_ENDINGS.stream().anyMatch(e -> finalName.endsWith(e) || rawName.endsWith(e));
        }
    }

    private final Map<String, Tables> registry = new LinkedHashMap<>();

    /** Registers the streams of a catalog that have no tables yet, in (namespace, name) order. */
    void register(List<StreamSpec> catalog) {
        Set<String> used = new HashSet<>(registryNames());
        registry.values().forEach(t -> used.addAll(t.allNames()));
        List<StreamSpec> newcomers = new ArrayList<>(
                catalog.stream().filter(s -> !registry.containsKey(s.key())).toList());
        newcomers.sort(Comparator.comparing((StreamSpec s) -> Objects.toString(s.namespace(), ""))
                .thenComparing(StreamSpec::name));
        for (StreamSpec s : newcomers) {
            Tables tables = plan(s, used);
            used.addAll(tables.allNames());
            registry.put(s.key(), tables);
        }
    }

    /** The registry table and its indexes: never given to a stream (naming.md, "The table registry"). */
    private List<String> registryNames() {
        String table = "_heropixel_stream_tables";
        return List.of(
                rawSchema + "." + table,
                rawSchema + "." + table + "_pkey",
                rawSchema + "." + table + "_raw_key",
                rawSchema + "." + table + "_final_key");
    }

    Tables tables(String streamKey) {
        return registry.get(streamKey);
    }

    Map<String, Tables> all() {
        return registry;
    }

    private Tables plan(StreamSpec s, Set<String> used) {
        String namespace = s.namespace() == null ? defaultSchema : s.namespace();
        String schema = truncate(normalise(namespace));
        Tables plain = new Tables(schema, truncate(normalise(s.name())), rawSchema, rawName(namespace, s.name()));
        if (plain.allNames().stream().noneMatch(used::contains) && !plain.endsLikeAnInternalTable()) {
            return plain;
        }
        for (int attempt = 0; ; attempt++) {
            String hash = hash(schema + "&airbyte&" + s.name() + (attempt == 0 ? "" : "#" + attempt), 3 + attempt);
            Tables suffixed = new Tables(
                    schema,
                    withSuffix(normalise(s.name()), "_" + hash),
                    rawSchema,
                    withSuffix(rawBase(namespace, s.name()), "_" + hash).toLowerCase(Locale.ROOT));
            if (suffixed.allNames().stream().noneMatch(used::contains) && !suffixed.endsLikeAnInternalTable()) {
                return suffixed;
            }
        }
    }

    /** Column name of each property, in schema order: normalised, cut, {@code _1}, {@code _2} on a clash. */
    static LinkedHashMap<String, String> columns(StreamSpec s) {
        Set<String> used = new HashSet<>(META);
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        for (String property : s.columns().keySet()) {
            String candidate = truncate(normalise(property));
            for (int i = 1; used.contains(candidate); i++) {
                candidate = withSuffix(normalise(property), "_" + i);
            }
            used.add(candidate);
            columns.put(property, candidate);
        }
        return columns;
    }

    static String rawName(String namespace, String name) {
        return truncate(rawBase(namespace, name)).toLowerCase(Locale.ROOT);
    }

    private static String rawBase(String namespace, String name) {
        int longest = 0;
        int run = 0;
        for (char c : (namespace + name).toCharArray()) {
            run = c == '_' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return normalise(namespace + "_raw" + "_".repeat(Math.max(1, longest) + 1) + "stream_" + name);
    }

    static String normalise(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        s = s.replaceAll("\\s+", "_").replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() ? "_" : s;
    }

    static String truncate(String ascii) {
        return ascii.length() <= 63 ? ascii : ascii.substring(0, 63);
    }

    static String withSuffix(String base, String suffix) {
        if (base.length() + suffix.length() <= 63) {
            return base + suffix;
        }
        String tail = "_" + hash(base, 8) + suffix;
        return base.substring(0, 63 - tail.length()) + tail;
    }

    static String hash(String text, int chars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

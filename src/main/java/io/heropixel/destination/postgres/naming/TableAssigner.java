package io.heropixel.destination.postgres.naming;

import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides the tables of every stream of a catalog (docs/naming.md, "The table registry"), without I/O: a
 * registered stream keeps its registered tables; a newcomer adopts the tables the naming rules gave it
 * before the registry existed when they exist and nobody owns them; otherwise it gets the documented names,
 * suffixed when any of its table or index names is owned by another stream or ends like an internal table.
 */
public final class TableAssigner {
    /** The order in which streams claim names: (namespace as in the catalog, name), not catalog order. */
    private static final Comparator<ConfiguredStream> ORDER = Comparator.comparing(
                    (ConfiguredStream s) -> Objects.toString(s.descriptor().namespace(), ""))
            .thenComparing(s -> s.descriptor().name());

    /** Who owns a name that no stream owns: the registry table and its indexes. */
    private static final StreamKey REGISTRY_OWNER = new StreamKey("", "(the table registry)");

    /**
     * @param tables the tables of every stream of the catalog
     * @param added the streams registered by this assignment (newcomers), to be stored in the registry
     */
    public record Assignment(Map<ConfiguredStream, StreamTables> tables, Map<StreamKey, StreamTables> added) {}

    private TableAssigner() {}

    /**
     * @param registered every stream of the registry (of the catalog or not)
     * @param reserved names no stream may use (the registry table and its indexes)
     * @param existing the tables of {@link #adoptionCandidates} that exist in the database
     */
    public static Assignment assign(
            List<ConfiguredStream> streams,
            DestinationConfig config,
            Map<StreamKey, StreamTables> registered,
            Set<QualifiedName> reserved,
            Set<QualifiedName> existing) {
        Map<QualifiedName, StreamKey> owners = new HashMap<>();
        reserved.forEach(name -> owners.put(name, REGISTRY_OWNER));
        Map<StreamKey, ConfiguredStream> inCatalog = new HashMap<>();
        streams.forEach(stream -> inCatalog.put(StreamKey.of(stream, config), stream));
        for (Map.Entry<StreamKey, StreamTables> entry : registered.entrySet()) {
            claim(owners, entry.getKey(), entry.getValue(), inCatalog);
        }
        Map<ConfiguredStream, StreamTables> legacy = legacyTables(streams, config);
        Map<ConfiguredStream, StreamTables> tables = new HashMap<>();
        List<ConfiguredStream> newcomers = new ArrayList<>();
        for (ConfiguredStream stream : streams) {
            StreamTables known = registered.get(StreamKey.of(stream, config));
            if (known != null) {
                tables.put(stream, known);
            } else {
                newcomers.add(stream);
            }
        }
        newcomers.sort(ORDER);
        Map<StreamKey, StreamTables> added = new LinkedHashMap<>();
        // adoption, first pass: a stream whose own final table (plain name) exists takes its plain names
        for (ConfiguredStream stream : newcomers) {
            StreamTables plain = plain(stream, config);
            if (existing.contains(plain.finalTable()) && free(plain, owners)) {
                choose(stream, plain, config, owners, inCatalog, tables, added);
            }
        }
        // second pass: the names the earlier naming gives it for today's catalog, if they exist; else new names
        for (ConfiguredStream stream : newcomers) {
            if (tables.containsKey(stream)) {
                continue;
            }
            StreamTables old = legacy.get(stream);
            boolean adopt =
                    (existing.contains(old.finalTable()) || existing.contains(old.rawTable())) && free(old, owners);
            choose(stream, adopt ? old : fresh(stream, config, owners, true), config, owners, inCatalog, tables, added);
        }
        return new Assignment(tables, added);
    }

    /** The tables whose existence decides what the catalog's unregistered streams adopt. */
    public static List<QualifiedName> adoptionCandidates(
            List<ConfiguredStream> streams, DestinationConfig config, Set<StreamKey> registered) {
        List<QualifiedName> candidates = new ArrayList<>();
        for (Map.Entry<ConfiguredStream, StreamTables> entry :
                legacyTables(streams, config).entrySet()) {
            if (!registered.contains(StreamKey.of(entry.getKey(), config))) {
                candidates.add(plain(entry.getKey(), config).finalTable());
                candidates.add(entry.getValue().finalTable());
                candidates.add(entry.getValue().rawTable());
            }
        }
        return candidates;
    }

    private static boolean free(StreamTables tables, Map<QualifiedName, StreamKey> owners) {
        return tables.relationNames().stream().noneMatch(owners::containsKey);
    }

    private static void choose(
            ConfiguredStream stream,
            StreamTables chosen,
            DestinationConfig config,
            Map<QualifiedName, StreamKey> owners,
            Map<StreamKey, ConfiguredStream> inCatalog,
            Map<ConfiguredStream, StreamTables> tables,
            Map<StreamKey, StreamTables> added) {
        StreamKey key = StreamKey.of(stream, config);
        claim(owners, key, chosen, inCatalog);
        added.put(key, chosen);
        tables.put(stream, chosen);
    }

    /** The stream's names without any suffix. */
    private static StreamTables plain(ConfiguredStream stream, DestinationConfig config) {
        return fresh(stream, config, Map.of(), false);
    }

    /**
     * The tables the naming rules gave each stream of this catalog before the registry existed (and that
     * Airbyte destination-postgres 2.x gives it): what an existing installation's tables are named.
     */
    public static Map<ConfiguredStream, StreamTables> legacyTables(
            List<ConfiguredStream> streams, DestinationConfig config) {
        List<ConfiguredStream> ordered = new ArrayList<>(streams);
        ordered.sort(ORDER);
        Map<QualifiedName, StreamKey> used = new HashMap<>();
        Map<ConfiguredStream, StreamTables> result = new HashMap<>();
        for (ConfiguredStream stream : ordered) {
            StreamTables tables = fresh(stream, config, used, false);
            tables.tableNames().forEach(name -> used.put(name, StreamKey.of(stream, config)));
            result.put(stream, tables);
        }
        return result;
    }

    private static void claim(
            Map<QualifiedName, StreamKey> owners,
            StreamKey key,
            StreamTables tables,
            Map<StreamKey, ConfiguredStream> inCatalog) {
        for (QualifiedName name : tables.relationNames()) {
            StreamKey previous = owners.putIfAbsent(name, key);
            if (previous != null
                    && !previous.equals(key)
                    && (inCatalog.containsKey(key) || inCatalog.containsKey(previous))) {
                throw new ConfigException("The table registry gives streams " + previous + " and " + key
                        + " the same table or index name " + name + " (their final tables " + tables.finalTable()
                        + ", raw tables " + tables.rawTable() + " and what derives from them must differ)."
                        + " Edit or delete the registry row of one of them in " + StreamRegistry.TABLE
                        + " (a deleted row is planned again at the next sync).");
            }
        }
    }

    /**
     * The documented names of a stream that is not registered: its normalised names, or the suffixed ones
     * when a name is taken ({@code reserveInternal}: or when they end like an internal table).
     */
    private static StreamTables fresh(
            ConfiguredStream stream,
            DestinationConfig config,
            Map<QualifiedName, StreamKey> used,
            boolean reserveInternal) {
        String namespace = stream.descriptor().namespace() == null
                ? config.defaultSchema()
                : stream.descriptor().namespace();
        String name = stream.descriptor().name();
        Identifier finalSchema = StreamPlanner.finalSchema(namespace, config);
        Identifier rawSchema = StreamPlanner.rawSchema(config);
        String finalName = Names.truncate(Names.normalise(name));
        String rawName = StreamPlanner.rawName(namespace, name);
        for (int attempt = 0; ; attempt++) {
            StreamTables candidate = new StreamTables(
                    new QualifiedName(finalSchema, Identifier.of(finalName)),
                    new QualifiedName(rawSchema, Identifier.of(rawName)));
            List<QualifiedName> names = reserveInternal ? candidate.relationNames() : candidate.tableNames();
            if (names.stream().noneMatch(used::containsKey)
                    && !(reserveInternal && candidate.endsLikeAnInternalTable())) {
                return candidate;
            }
            if (attempt > 20) {
                throw new ConfigException("Could not find a free table name for stream " + stream.descriptor()
                        + ". Rename the stream (or its namespace) in the connection settings.");
            }
            // The incumbent's rule: name + "_" + 3 hex digits of sha1("<schema>&airbyte&<name>"); longer
            // hashes on the rare repeat collision.
            String hash = Names.hash(
                    finalSchema.name() + "&airbyte&" + name + (attempt == 0 ? "" : "#" + attempt), 3 + attempt);
            finalName = Names.withSuffix(Names.normalise(name), "_" + hash);
            rawName = Names.withSuffix(StreamPlanner.rawBase(namespace, name), "_" + hash)
                    .toLowerCase(Locale.ROOT);
        }
    }
}

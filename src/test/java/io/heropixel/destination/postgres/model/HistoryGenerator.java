package io.heropixel.destination.postgres.model;

import io.heropixel.destination.postgres.config.CdcDeletionMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random histories: 3-8 syncs of streams drawn from a pool with case variants, names that collide
 * after normalisation and names beyond 63 bytes; streams added and removed; sync mode, primary key and
 * cursor changes; generation ids as a refresh-capable platform bumps them, or 0 as an old platform sends;
 * columns added, removed and retyped; CDC deletes and re-inserts; edge values; and first attempts that end
 * with COMPLETE, INCOMPLETE, no status or a kill.
 */
final class HistoryGenerator {
    /** A stream of the pool and its collision group (streams of one group collide after normalisation). */
    record PoolStream(String namespace, String name, String group) {}

    static final String LONG_PREFIX = "measurements_of_the_northern_hemisphere_weather_stations_daily_";
    static final List<PoolStream> POOL = pool();
    private static final String LONG_COLUMN = "a_property_name_that_is_much_longer_than_sixty_three_bytes_in_total";
    private static final List<String> OPTIONAL_COLUMNS =
            List.of("name", "Name", "amount", "flag", "day", "ts", "a-b", "a_b", LONG_COLUMN, "Straße", "updated_at");

    private final Random random;
    private final boolean kills;
    /** A source with one shared checkpoint (CDC): GLOBAL states instead of STREAM states. */
    private boolean globalStates;

    private long emittedAt = 1_714_557_600_000L;

    private HistoryGenerator(long seed, boolean kills) {
        this.random = new Random(seed);
        this.kills = kills;
    }

    static History generate(long seed, boolean kills) {
        return new HistoryGenerator(seed, kills).history(seed);
    }

    private static List<PoolStream> pool() {
        List<PoolStream> pool = new ArrayList<>(List.of(
                new PoolStream(null, "users", "users"),
                new PoolStream(null, "Users", "users"),
                new PoolStream(null, "order-items", "order_items"),
                new PoolStream(null, "order_items", "order_items"),
                new PoolStream(null, LONG_PREFIX + "alpha", "long"),
                new PoolStream(null, LONG_PREFIX + "beta", "long"),
                new PoolStream(null, "Café Straße", "cafe"),
                new PoolStream("model_ns", "users", "ns_users"),
                new PoolStream(null, "events", "events")));
        if (!KnownDefects.INTERNAL_TABLE_NAME_COLLISIONS) {
            pool.add(new PoolStream(null, "events_airbyte_tmp", "events"));
        }
        return List.copyOf(pool);
    }

    private History history(long seed) {
        boolean refreshPlatform = random.nextBoolean();
        globalStates = random.nextInt(4) == 0;
        List<StreamProfile> universe = universe();
        List<StreamProfile> active = new ArrayList<>();
        for (StreamProfile p : universe) {
            if (active.isEmpty() || random.nextInt(2) == 0) {
                active.add(p);
            }
        }
        Set<StreamProfile> seen = new HashSet<>();
        int syncs = 3 + random.nextInt(6);
        List<SyncSpec> out = new ArrayList<>();
        for (int i = 0; i < syncs; i++) {
            if (i > 0) {
                changeStreams(universe, active);
            }
            List<StreamSpec> specs = new ArrayList<>();
            for (StreamProfile p : active) {
                boolean isNew = seen.add(p);
                if (isNew) {
                    p.generation = refreshPlatform ? 1 : 0;
                } else {
                    evolve(p);
                }
                generations(p, refreshPlatform, !isNew);
                specs.add(new StreamSpec(
                        p.id.namespace(),
                        p.id.name(),
                        p.mode,
                        p.primaryKey,
                        p.cursor,
                        new LinkedHashMap<>(p.columns),
                        p.generation,
                        p.minimumGeneration,
                        100 + i));
            }
            java.util.Collections.shuffle(specs, random);
            out.add(sync(specs, active));
        }
        boolean otherSchemas = random.nextInt(5) == 0;
        History history = otherSchemas ? new History(seed, out, "Model Default", "Raw Data") : new History(seed, out);
        return history.withCdcDeletionMode(cdcDeletionMode(seed)).withDirectLoad(directLoad(seed));
    }

    /**
     * The history's {@code direct_load}: on for a quarter of the seeds, from a random of its own so the rest
     * of each seed's history is what it was before the option existed. {@code -Dmodel.directLoad=true} (or
     * {@code false}) gives every history that setting.
     */
    static boolean directLoad(long seed) {
        String forced = System.getProperty("model.directLoad", "").trim();
        if (forced.equalsIgnoreCase("true") || forced.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(forced);
        }
        if (!forced.isEmpty()) {
            throw new IllegalArgumentException("model.directLoad is '" + forced + "'; use true, false or leave it out");
        }
        return new Random(seed * 0xC2B2AE3D27D4EB4FL + 29).nextInt(4) == 0;
    }

    /**
     * The history's {@code cdc_deletion_mode}: soft for a quarter of the seeds, from a random of its own so
     * the rest of each seed's history is what it was before the option existed. {@code
     * -Dmodel.cdcDeletionMode=soft} (or {@code hard}) gives every history that mode.
     */
    static CdcDeletionMode cdcDeletionMode(long seed) {
        String forced = System.getProperty("model.cdcDeletionMode", "").trim();
        if (forced.equalsIgnoreCase("soft")) {
            return CdcDeletionMode.SOFT_DELETE;
        }
        if (forced.equalsIgnoreCase("hard")) {
            return CdcDeletionMode.HARD_DELETE;
        }
        if (!forced.isEmpty()) {
            throw new IllegalArgumentException(
                    "model.cdcDeletionMode is '" + forced + "'; use soft, hard or leave it out");
        }
        return new Random(seed * 0x9E3779B97F4A7C15L + 17).nextInt(4) == 0
                ? CdcDeletionMode.SOFT_DELETE
                : CdcDeletionMode.HARD_DELETE;
    }

    private List<StreamProfile> universe() {
        List<PoolStream> pool = new ArrayList<>(POOL);
        java.util.Collections.shuffle(pool, random);
        Set<String> groups = new HashSet<>();
        List<StreamProfile> universe = new ArrayList<>();
        int size = 2 + random.nextInt(3);
        for (PoolStream s : pool) {
            if (universe.size() == size) {
                break;
            }
            if (KnownDefects.NAMES_FROM_CATALOG_OF_THE_DAY && !groups.add(s.group())) {
                continue;
            }
            universe.add(newStreamProfile(s));
        }
        return universe;
    }

    private StreamProfile newStreamProfile(PoolStream s) {
        StreamProfile p = new StreamProfile(s);
        p.columns.put("id", ColType.INTEGER);
        p.columns.put("upd", ColType.INTEGER);
        for (String c : OPTIONAL_COLUMNS) {
            if (random.nextInt(3) == 0) {
                p.columns.put(c, type(c));
            }
        }
        if (random.nextInt(5) < 2) {
            p.columns.put(StreamSpec.CDC_DELETED_AT, ColType.TIMESTAMPTZ);
        }
        p.mode = mode();
        return p;
    }

    private static ColType type(String column) {
        return switch (column) {
            case "amount" -> ColType.NUMBER;
            case "flag" -> ColType.BOOLEAN;
            case "day" -> ColType.DATE;
            case "ts", "updated_at" -> ColType.TIMESTAMPTZ;
            case LONG_COLUMN -> ColType.INTEGER;
            default -> ColType.STRING;
        };
    }

    private String mode() {
        return List.of("append", "append_dedup", "append_dedup", "overwrite").get(random.nextInt(4));
    }

    private void changeStreams(List<StreamProfile> universe, List<StreamProfile> active) {
        if (active.size() > 1 && random.nextInt(5) == 0) {
            active.remove(random.nextInt(active.size()));
        }
        List<StreamProfile> inactive =
                universe.stream().filter(p -> !active.contains(p)).toList();
        if (!inactive.isEmpty() && random.nextInt(3) == 0) {
            active.add(inactive.get(random.nextInt(inactive.size())));
        }
    }

    /** Schema, mode, key and cursor changes between syncs. */
    private void evolve(StreamProfile p) {
        List<String> changeable = p.columns.keySet().stream()
                .filter(c -> !c.equals("id")
                        && !c.equals("upd")
                        && !c.equals(p.cursor)
                        && !p.primaryKey.contains(c)
                        && !c.equals(StreamSpec.CDC_DELETED_AT))
                .toList();
        int r = random.nextInt(10);
        if (r == 0) {
            List<String> absent = OPTIONAL_COLUMNS.stream()
                    .filter(c -> !p.columns.containsKey(c))
                    .toList();
            if (!absent.isEmpty()) {
                String c = absent.get(random.nextInt(absent.size()));
                p.columns.put(c, type(c));
            }
        } else if (r == 1 && !changeable.isEmpty()) {
            p.columns.remove(changeable.get(random.nextInt(changeable.size())));
        } else if (r == 2 && !changeable.isEmpty()) {
            String c = changeable.get(random.nextInt(changeable.size()));
            p.columns.put(
                    c, p.columns.get(c) == ColType.INTEGER && random.nextBoolean() ? ColType.NUMBER : ColType.STRING);
        }
        int m = random.nextInt(10);
        if (m == 0) {
            p.mode = mode();
        } else if (m == 1) {
            boolean withName = p.columns.get("name") == ColType.STRING && p.primaryKey.size() == 1;
            p.primaryKey = withName ? List.of("id", "name") : List.of("id");
        } else if (m == 2) {
            boolean toUpdatedAt = p.cursor.equals("upd") && p.columns.get("updated_at") == ColType.TIMESTAMPTZ;
            p.cursor = toUpdatedAt ? "updated_at" : "upd";
        }
    }

    /**
     * A refresh-capable platform bumps the generation for every overwrite sync and for refreshes (truncate:
     * minimum = generation; merge: minimum 0); an old platform sends 0 and 0.
     */
    private void generations(StreamProfile p, boolean refreshPlatform, boolean notFirst) {
        if (!refreshPlatform) {
            p.generation = 0;
            p.minimumGeneration = 0;
            return;
        }
        int r = random.nextInt(10);
        if (p.mode.equals("overwrite") || r == 0) {
            p.generation += notFirst ? 1 : 0;
            p.minimumGeneration = p.generation;
        } else if (r == 1) {
            p.generation += notFirst ? 1 : 0;
            p.minimumGeneration = 0;
        } else {
            p.minimumGeneration = 0;
        }
    }

    private SyncSpec sync(List<StreamSpec> specs, List<StreamProfile> active) {
        Map<String, StreamProfile> profiles = new HashMap<>();
        active.forEach(p -> profiles.put(p.key(), p));
        Map<String, Integer> remaining = new LinkedHashMap<>();
        specs.forEach(s -> remaining.put(s.key(), random.nextInt(11)));
        Map<String, Integer> stateIds = new HashMap<>();
        List<Event> events = new ArrayList<>();
        while (remaining.values().stream().anyMatch(n -> n > 0)) {
            List<String> open = remaining.entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .map(Map.Entry::getKey)
                    .toList();
            String key = open.get(random.nextInt(open.size()));
            remaining.merge(key, -1, Integer::sum);
            StreamSpec spec =
                    specs.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
            events.add(Event.record(key, RecordData.data(random, spec, profiles.get(key)), emittedAt += 1000));
            if (random.nextInt(3) == 0) {
                events.add(
                        globalStates
                                ? StateLines.global(random, specs, stateIds.merge(Event.GLOBAL, 1, Integer::sum))
                                : StateLines.stream(random, spec, stateIds.merge(key, 1, Integer::sum)));
            }
        }
        if (globalStates && random.nextBoolean()) {
            events.add(StateLines.global(random, specs, stateIds.merge(Event.GLOBAL, 1, Integer::sum)));
        }
        for (StreamSpec spec : specs) {
            if (!globalStates && random.nextBoolean()) {
                events.add(StateLines.stream(random, spec, stateIds.merge(spec.key(), 1, Integer::sum)));
            }
        }
        Ending ending = ending(specs);
        int cut = ending == Ending.COMPLETE || ending == Ending.KILLED_AT_END
                ? events.size()
                : random.nextInt(events.size() + 1);
        return new SyncSpec(specs, events, ending, cut);
    }

    private Ending ending(List<StreamSpec> specs) {
        int r = random.nextInt(20);
        if (r < 11) {
            return Ending.COMPLETE;
        }
        if (r < 14) {
            return Ending.INCOMPLETE;
        }
        if (r < 17 || !kills) {
            boolean generations = specs.stream().anyMatch(s -> s.generationId() > 0);
            boolean truncates = specs.stream().anyMatch(StreamSpec::truncates);
            boolean defect = KnownDefects.REFRESH_WITHOUT_COMPLETE_WIPES && generations && truncates;
            return defect ? Ending.INCOMPLETE : Ending.NO_STATUS;
        }
        return r < 19 ? Ending.KILLED : Ending.KILLED_AT_END;
    }
}

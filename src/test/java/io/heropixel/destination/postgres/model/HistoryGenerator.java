package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** The evolving configuration of one stream across syncs. */
    private static final class Profile {
        final PoolStream id;
        LinkedHashMap<String, ColType> columns = new LinkedHashMap<>();
        String mode;
        List<String> primaryKey = List.of("id");
        String cursor = "upd";
        long generation;
        long minimumGeneration;
        int nextKey = 1;

        Profile(PoolStream id) {
            this.id = id;
        }

        String key() {
            return (id.namespace() == null ? "" : id.namespace()) + "/" + id.name();
        }
    }

    private History history(long seed) {
        boolean refreshPlatform = random.nextBoolean();
        globalStates = random.nextInt(4) == 0;
        List<Profile> universe = universe();
        List<Profile> active = new ArrayList<>();
        for (Profile p : universe) {
            if (active.isEmpty() || random.nextInt(2) == 0) {
                active.add(p);
            }
        }
        Set<Profile> seen = new HashSet<>();
        int syncs = 3 + random.nextInt(6);
        List<SyncSpec> out = new ArrayList<>();
        for (int i = 0; i < syncs; i++) {
            if (i > 0) {
                changeStreams(universe, active);
            }
            List<StreamSpec> specs = new ArrayList<>();
            for (Profile p : active) {
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
        return otherSchemas ? new History(seed, out, "Model Default", "Raw Data") : new History(seed, out);
    }

    private List<Profile> universe() {
        List<PoolStream> pool = new ArrayList<>(POOL);
        java.util.Collections.shuffle(pool, random);
        Set<String> groups = new HashSet<>();
        List<Profile> universe = new ArrayList<>();
        int size = 2 + random.nextInt(3);
        for (PoolStream s : pool) {
            if (universe.size() == size) {
                break;
            }
            if (KnownDefects.NAMES_FROM_CATALOG_OF_THE_DAY && !groups.add(s.group())) {
                continue;
            }
            universe.add(newProfile(s));
        }
        return universe;
    }

    private Profile newProfile(PoolStream s) {
        Profile p = new Profile(s);
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

    private void changeStreams(List<Profile> universe, List<Profile> active) {
        if (active.size() > 1 && random.nextInt(5) == 0) {
            active.remove(random.nextInt(active.size()));
        }
        List<Profile> inactive =
                universe.stream().filter(p -> !active.contains(p)).toList();
        if (!inactive.isEmpty() && random.nextInt(3) == 0) {
            active.add(inactive.get(random.nextInt(inactive.size())));
        }
    }

    /** Schema, mode, key and cursor changes between syncs. */
    private void evolve(Profile p) {
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
    private void generations(Profile p, boolean refreshPlatform, boolean notFirst) {
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

    private SyncSpec sync(List<StreamSpec> specs, List<Profile> active) {
        Map<String, Profile> profiles = new HashMap<>();
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
            events.add(Event.record(key, data(spec, profiles.get(key)), emittedAt += 1000));
            if (random.nextInt(3) == 0) {
                events.add(
                        globalStates
                                ? globalState(specs, stateIds.merge(Event.GLOBAL, 1, Integer::sum))
                                : state(spec, stateIds.merge(key, 1, Integer::sum)));
            }
        }
        if (globalStates && random.nextBoolean()) {
            events.add(globalState(specs, stateIds.merge(Event.GLOBAL, 1, Integer::sum)));
        }
        for (StreamSpec spec : specs) {
            if (!globalStates && random.nextBoolean()) {
                events.add(state(spec, stateIds.merge(spec.key(), 1, Integer::sum)));
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

    private ObjectNode data(StreamSpec spec, Profile p) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, ColType> c : spec.columns().entrySet()) {
            String name = c.getKey();
            if (name.equals("id")) {
                if (random.nextInt(20) == 0) {
                    data.putNull("id");
                } else if (random.nextInt(12) == 0) {
                    // keys spelled another way, or that do not fit the column (the NULL key once typed)
                    List<String> odd = KnownDefects.CDC_KEY_SPELLINGS
                            ? List.of("\"1\"", "\"abc\"", "2.5", "\"2\"")
                            : List.of("\"1\"", "1.0", "\"abc\"", "2.5", "\"2\"", "\"3.00\"");
                    data.set("id", Lines.parse(odd.get(random.nextInt(odd.size()))));
                } else {
                    data.put("id", random.nextInt(p.nextKey + 1) + (random.nextInt(3) == 0 ? p.nextKey++ : 0));
                }
            } else if (name.equals("upd")) {
                if (random.nextInt(15) == 0) {
                    data.putNull("upd");
                } else {
                    data.put("upd", random.nextInt(30));
                }
            } else if (name.equals(StreamSpec.CDC_DELETED_AT)) {
                if (random.nextInt(4) == 0) {
                    data.put(name, EdgeValues.timestamp(random));
                } else if (random.nextBoolean()) {
                    data.putNull(name);
                }
            } else if (name.equals("updated_at")
                    || name.equals("name") && spec.primaryKey().contains("name")) {
                data.put(
                        name,
                        name.equals("name") ? List.of("a", "b").get(random.nextInt(2)) : EdgeValues.timestamp(random));
            } else if (random.nextInt(8) != 0) {
                data.set(name, EdgeValues.value(c.getValue(), random));
            }
        }
        if (random.nextInt(10) == 0) {
            data.put("not_in_schema", "kept in the raw table only");
        }
        return data;
    }

    /** A GLOBAL state: a shared position and one entry per stream. */
    private Event globalState(List<StreamSpec> specs, int id) {
        StringBuilder streams = new StringBuilder();
        for (StreamSpec s : specs) {
            streams.append(streams.length() == 0 ? "" : ",")
                    .append("{\"stream_descriptor\":")
                    .append(Lines.write(Lines.descriptor(s)))
                    .append(",\"stream_state\":{\"n\":")
                    .append(id)
                    .append("}}");
        }
        String body = "{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":" + (1000 + id)
                + ".0},\"stream_states\":[" + streams + "]}" + (random.nextBoolean() ? ",\"id\":" + id : "") + "}";
        String prefix = "{\"type\":\"STATE\",\"state\":";
        return Event.state(Event.GLOBAL, prefix + body + "}", prefix.length() + body.length() - 1);
    }

    private Event state(StreamSpec spec, int id) {
        String descriptor = Lines.write(Lines.descriptor(spec));
        String streamState =
                switch (random.nextInt(4)) {
                    case 0 -> "{\"cursor\":" + id + "}";
                    case 1 -> "{\"cursor\":" + id + ".0,\"note\":\"caf\\u00e9\"}";
                    case 2 -> "{\"c\":\"2.50\",\"big\":12345678901234567890123, \"e\":1E400}";
                    default -> "{}";
                };
        String extra =
                switch (random.nextInt(3)) {
                    case 0 -> "";
                    case 1 -> ",\"sourceStats\":{\"recordCount\":2.0}";
                    default -> ",\"id\":" + id;
                };
        String body = "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":" + descriptor + ",\"stream_state\":"
                + streamState + "}" + extra + "}";
        String prefix = "{\"type\":\"STATE\",\"state\":";
        String line = prefix + body + (random.nextInt(4) == 0 ? ",\"platform_field\":{\"a\":[1,2.0]}" : "") + "}";
        return Event.state(spec.key(), line, prefix.length() + body.length() - 1);
    }
}

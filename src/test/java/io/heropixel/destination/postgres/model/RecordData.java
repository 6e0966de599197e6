package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The data of a generated record: keys from a small range (so versions and deletions meet), sometimes NULL,
 * spelled another way or not fitting the key column; cursors; CDC deletion times; other properties from
 * {@link EdgeValues}; now and then a property the schema does not have.
 */
final class RecordData {
    private RecordData() {}

    static ObjectNode data(Random random, StreamSpec spec, StreamProfile p) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, ColType> c : spec.columns().entrySet()) {
            String name = c.getKey();
            if (name.equals("id")) {
                // on Citus no key that is NULL once typed (see ModelTarget)
                boolean citus = ModelTarget.citus();
                if (random.nextInt(20) == 0 && !citus) {
                    data.putNull("id");
                } else if (random.nextInt(12) == 0) {
                    // keys spelled another way, or that do not fit the column (the NULL key once typed)
                    List<String> odd = KnownDefects.CDC_KEY_SPELLINGS
                            ? List.of("\"1\"", "\"abc\"", "2.5", "\"2\"")
                            : citus
                                    ? List.of("\"1\"", "1.0", "\"2\"", "\"3.00\"")
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
}

package io.heropixel.destination.postgres.load;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.protocol.MessageReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The records of the equivalence test, as {data, meta} pairs (meta may be null): every corpus value alone
 * and among other properties, special records (duplicates, source changes, escapes that need cleaning),
 * and random combinations of values, mostly of values the typer accepts alone so that accepted records
 * with several changes occur.
 */
final class RecordTyperCorpusBuilder {
    private static final int COMBINATIONS = 400;
    /** Random values per column of a type with random values. */
    private static final int RANDOM_VALUES = 150;

    private final RecordTyper probe;
    private final Random random;
    private final List<String[]> records = new ArrayList<>();
    private final Map<String, List<String>> acceptedAlone = new LinkedHashMap<>();
    private final Map<String, List<String>> all = new LinkedHashMap<>();

    RecordTyperCorpusBuilder(RecordTyper probe, Random random) {
        this.probe = probe;
        this.random = random;
    }

    /** The message line's record (data must be a JSON object; meta a JSON object or null). */
    static InputMessage.Record record(long lineNumber, String data, String meta, long emittedAt) {
        String line = "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"typer\",\"stream\":\"values\",\"emitted_at\":"
                + emittedAt + ",\"data\":" + data + (meta == null ? "" : ",\"meta\":" + meta) + "}}";
        return (InputMessage.Record) MessageReader.parse(lineNumber, line.getBytes(StandardCharsets.UTF_8));
    }

    List<String[]> build() throws Exception {
        for (Map.Entry<String, AirbyteType> column : TypingCorpus.columns().entrySet()) {
            String key = key(column.getKey());
            List<String> accepted = new ArrayList<>();
            for (String value : TypingCorpus.values(column.getValue())) {
                String alone = "{" + key + ":" + value + "}";
                add(alone, null);
                add("{\"other\":{" + key + ":1}," + key + ":" + value + ",\"zz\":[" + key + "]}", null);
                if (probe.type(record(1, alone, null, 0), new byte[36], new BinaryRow())) {
                    accepted.add(value);
                }
            }
            RandomValues randomValues = new RandomValues(random);
            for (int n = 0; n < RANDOM_VALUES && randomValues.of(column.getValue()) != null; n++) {
                String value = randomValues.of(column.getValue());
                add("{" + key + ":" + value + "}", null);
                if (probe.type(record(1, "{" + key + ":" + value + "}", null, 0), new byte[36], new BinaryRow())) {
                    accepted.add(value);
                }
            }
            acceptedAlone.put(key, accepted);
            all.put(key, TypingCorpus.values(column.getValue()));
        }
        special();
        for (int n = 0; n < COMBINATIONS; n++) {
            add(combination(), null);
        }
        return records;
    }

    private void special() {
        add("{}", null);
        add("{ \"i\" : 1 , \"s\" : \"x\" , \"n\" : 2.50 }", null);
        add("{\"\\u0069\":5,\"\\u0073\":\"escaped keys\"}", null);
        add("{\"I\":1,\"S\":\"other case\"}", null);
        add("{\"i\":1,\"i\":2}", null);
        add("{\"i\":1,\"\\u0069\":2}", null);
        add("{\"o\":{},\"o\":null}", null);
        add("{\"x\":1,\"x\":2,\"i\":3}", null);
        add("{\"i\":1}", "{\"changes\":[]}");
        add("{\"i\":[1]}", "{\"changes\":[]}");
        add(
                "{\"i\":1}",
                "{\"changes\":[{\"field\":\"i\",\"change\":\"NULLED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}");
        add("{\"s\":\"nul \\u0000 here\"}", null);
        add("{\"s\":\"ok\",\"other\":\"nul \\u0000\"}", null);
        add("{\"s\":\"lone \\ud800 surrogate\"}", null);
        add("{\"s\":\"escaped backslash \\\\u0000 is not NUL\"}", null);
        add(
                "{\"s\":true,\"i\":true,\"n\":true,\"b\":\"x\",\"d\":1,\"t\":1,\"ttz\":1,\"ts\":1,\"tstz\":1,"
                        + "\"o\":1,\"a\":1,\"u\":1," + key(TypingCorpus.WEIRD_NAME) + ":1}",
                null);
    }

    private String combination() {
        List<String> properties = new ArrayList<>();
        for (Map.Entry<String, List<String>> column : acceptedAlone.entrySet()) {
            if (random.nextInt(10) < 4) {
                continue;
            }
            List<String> values = column.getValue().isEmpty() || random.nextInt(20) == 0
                    ? all.get(column.getKey())
                    : column.getValue();
            properties.add(column.getKey() + ":" + values.get(random.nextInt(values.size())));
        }
        if (random.nextBoolean()) {
            properties.add("\"not_a_column\":{\"i\":[1,{\"s\":2}]}");
        }
        Collections.shuffle(properties, random);
        return "{" + String.join(",", properties) + "}";
    }

    private void add(String data, String meta) {
        records.add(new String[] {data, meta});
    }

    /** The property name as a JSON string. */
    private static String key(String originalName) {
        return originalName.equals(TypingCorpus.WEIRD_NAME)
                ? "\"" + TypingCorpus.WEIRD + "\""
                : "\"" + originalName + "\"";
    }
}

package io.heropixel.destination.postgres.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.error.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reader's fast path gives exactly what the Jackson path gives, on valid and on damaged lines. */
class FastRecordLineTest {
    private static final List<String> SEEDS = List.of(
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":\"n\",\"emitted_at\":1717200000000,"
                    + "\"data\":{\"id\": 1, \"a\": [1, -2.5e3, true, false, null, {\"x\": \"y\"}], \"s\": \"\\u00e9\\n\"}}}",
            "  { \"record\" : { \"data\" : { } , \"emitted_at\" : -0 , \"stream\" : \"été\" } , \"type\" : \"RECORD\" }  ",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"a stream with a long name\",\"emitted_at\":1,"
                    + "\"data\":{\"comment\":\"jade delta fjord tundra quartz\\techo alpha ü golf yankee zulu\"}}}",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":null,\"emitted_at\":5,\"data\":{\"k\":\"ü€𝄞\"}}}",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":7,\"emitted_at\":5,\"data\":{\"k\":0.5}},\"x\":[]}",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":5,\"data\":{\"k\":1},\"extra\":{\"a\":[[]]}}}",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":5.5,\"data\":{\"k\":1}}}",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":5,\"data\":{\"k\":1},\"meta\":{\"changes\":[]}}}",
            "{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\"}}",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":{},\"emitted_at\":5,\"data\":{\"k\":1}}}",
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":[1],\"emitted_at\":5,\"data\":{}}}");

    private static Object viaJackson(byte[] line) {
        try {
            return MessageReader.parseWithJackson(3, line);
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (RuntimeException e) { // the Jackson path's own failures (e.g. an exponent overflow)
            return e.toString();
        }
    }

    @Test
    void takesOnTheCommonRecordLines() {
        for (String seed : SEEDS.subList(0, 6)) {
            byte[] line = seed.getBytes(StandardCharsets.UTF_8);
            assertThat(new FastRecordLine().read(3, line)).as(seed).isNotNull().isEqualTo(viaJackson(line));
        }
    }

    @Test
    void leavesOtherLinesToJackson() {
        for (String seed : SEEDS.subList(6, SEEDS.size())) {
            assertThat(new FastRecordLine().read(3, seed.getBytes(StandardCharsets.UTF_8)))
                    .as(seed)
                    .isNull();
        }
    }

    @Test
    void leavesLongNamesToJackson() {
        String name = "k".repeat(60_000);
        for (String line : List.of(
                "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":5,\"data\":{\"" + name + "\":1}}}",
                "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":5,\"data\":{},\"" + name
                        + "\":1}}")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(new FastRecordLine().read(3, bytes)).isNull();
        }
    }

    @Test
    void givesTheJacksonAnswerOnDamagedLines() {
        Random random = new Random(42);
        byte[] alphabet = "{}[]\",:\\ tfnu0123456789.-eE+ab\t\r".getBytes(StandardCharsets.US_ASCII);
        int taken = 0;
        FastRecordLine reused = new FastRecordLine(); // as the reader uses it: one for all lines
        for (int n = 0; n < 50_000; n++) {
            byte[] line = SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(line.length);
                int kind = random.nextInt(4);
                if (kind == 0) {
                    line[at] = alphabet[random.nextInt(alphabet.length)];
                } else if (kind == 1) {
                    line[at] = (byte) random.nextInt(256);
                } else if (kind == 2) {
                    byte[] shorter = new byte[line.length - 1];
                    System.arraycopy(line, 0, shorter, 0, at);
                    System.arraycopy(line, at + 1, shorter, at, line.length - at - 1);
                    line = shorter;
                } else {
                    byte[] longer = new byte[line.length + 1];
                    System.arraycopy(line, 0, longer, 0, at);
                    longer[at] = alphabet[random.nextInt(alphabet.length)];
                    System.arraycopy(line, at, longer, at + 1, line.length - at);
                    line = longer;
                }
            }
            if (line.length == 0) {
                continue;
            }
            Object expected = viaJackson(line);
            InputMessage fast = reused.read(3, line);
            if (fast != null) {
                taken++;
                assertThat(fast).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(expected);
            }
        }
        assertThat(taken).isGreaterThan(1000);
    }
}

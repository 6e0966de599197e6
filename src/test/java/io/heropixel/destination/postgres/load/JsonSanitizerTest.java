package io.heropixel.destination.postgres.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSanitizerTest {

    private static boolean needs(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonSanitizer.mayNeedCleaning(bytes, 0, bytes.length);
    }

    @Test
    void detectsOnlyNulAndSurrogateEscapes() {
        assertThat(needs("{\"a\":\"\\u0000\"}")).isTrue();
        assertThat(needs("{\"a\":\"\\uD800\"}")).isTrue();
        assertThat(needs("{\"a\":\"\\udfff\"}")).isTrue();
        assertThat(needs("{\"a\":\"\\u00e9 \\n \\\\ \\u7fff\"}")).isFalse();
    }

    @Test
    void cleansStrings() {
        assertThat(JsonSanitizer.clean("a\0b")).isEqualTo("ab");
        assertThat(JsonSanitizer.clean("\uD800x\uDC00")).isEqualTo("\uFFFDx\uFFFD");
        assertThat(JsonSanitizer.clean("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
        String plain = "plain";
        assertThat(JsonSanitizer.clean(plain)).isSameAs(plain);
    }

    @Test
    void detectsNumbersThatMayNotFitPostgres() {
        assertThat(needs("{\"a\":1e131072}")).isTrue();
        assertThat(needs("{\"a\":1.5E-16383}")).isTrue();
        assertThat(needs("{\"a\":0." + "0".repeat(20_000) + "1}")).isTrue();
        assertThat(needs("{\"a\":1e1234,\"b\":\"e12345\"}")).isFalse();
    }

    @Test
    void numbersOutsideNumericBecomeNull() throws Exception {
        var data = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.heropixel.destination.postgres.protocol.ProtocolJson.mapper()
                        .readTree("{\"big\":1e131072,\"edge\":1e131071,\"small\":1.5e-16383,\"ok\":123e-16383,"
                                + "\"zero\":0e999999,\"nested\":[1,{\"x\":1e200000}]}");
        var changes = JsonSanitizer.cleanData(data);
        assertThat(changes)
                .containsExactly(
                        new JsonSanitizer.FieldChange("big", "NULLED"),
                        new JsonSanitizer.FieldChange("small", "NULLED"),
                        new JsonSanitizer.FieldChange("nested", "NULLED"));
        assertThat(data.get("big").isNull()).isTrue();
        assertThat(data.get("edge").isNumber()).isTrue();
        assertThat(data.get("nested").get(1).get("x").isNull()).isTrue();
        assertThat(data.get("zero").isNumber()).isTrue();
    }

    /** The byte-at-a-time search that mayNeedCleaning's eight-byte search must agree with. */
    private static boolean escapeOrExponentByteByByte(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            byte c = bytes[i];
            if (c == '\\') {
                if (i + 5 < end
                        && bytes[i + 1] == 'u'
                        && ((bytes[i + 2] == '0' && bytes[i + 3] == '0' && bytes[i + 4] == '0' && bytes[i + 5] == '0')
                                || ((bytes[i + 2] | 0x20) == 'd' && "89abcdefABCDEF".indexOf(bytes[i + 3]) >= 0))) {
                    return true;
                }
                i++;
            } else if ((c | 0x20) == 'e' && i > start && bytes[i - 1] >= '0' && bytes[i - 1] <= '9') {
                int k = i + 1 < end && (bytes[i + 1] == '+' || bytes[i + 1] == '-') ? i + 2 : i + 1;
                int digits = 0;
                while (k < end && bytes[k] >= '0' && bytes[k] <= '9' && digits < 5) {
                    digits++;
                    k++;
                }
                if (digits >= 5) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void findsEscapesAndExponentsWhereverTheyAre() {
        java.util.Random random = new java.util.Random(11);
        String[] pieces = {
            "\\u0000",
            "\\uD800",
            "\\udc0a",
            "\\\\u0000",
            "\\n",
            "1e+12345",
            "2E99999",
            "3e12",
            "e55555",
            "abcdefgh",
            "x",
            " ",
            "\"",
            "9",
            "-"
        };
        int found = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder();
            int count = 1 + random.nextInt(8);
            for (int k = 0; k < count; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
            int start = random.nextInt(bytes.length);
            int end = start + random.nextInt(bytes.length - start + 1);
            boolean expected = escapeOrExponentByteByByte(bytes, start, end);
            found += expected ? 1 : 0;
            assertThat(JsonSanitizer.mayNeedCleaning(bytes, start, end))
                    .as(new String(bytes, StandardCharsets.US_ASCII) + " " + start + ".." + end)
                    .isEqualTo(expected);
        }
        assertThat(found).isGreaterThan(1000);
    }
}

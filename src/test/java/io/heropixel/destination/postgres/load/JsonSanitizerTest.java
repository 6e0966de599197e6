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
}

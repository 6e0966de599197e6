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
}

package io.heropixel.destination.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's key table must list exactly the spec's keys, with the same types and defaults. */
class ConfigurationDocTest {

    @Test
    void tableMatchesTheSpec() throws IOException {
        assertThat(documented()).isEqualTo(fromSpec());
    }

    private static Map<String, String> fromSpec() {
        Map<String, String> keys = new TreeMap<>();
        ConnectorSpec.properties().fields().forEachRemaining(field -> {
            keys.put(field.getKey(), describe(field.getValue()));
            for (JsonNode variant : field.getValue().path("oneOf")) {
                variant.path("properties").fields().forEachRemaining(inner -> {
                    String type = inner.getValue().path("type").asText();
                    String def = inner.getValue().has("const") ? "–" : defaultOf(inner.getValue());
                    keys.put(field.getKey() + "." + inner.getKey(), type + " | " + def);
                });
            }
        });
        return keys;
    }

    private static String describe(JsonNode property) {
        return property.path("type").asText() + " | " + defaultOf(property);
    }

    private static String defaultOf(JsonNode property) {
        return property.has("default") ? property.get("default").asText() : "–";
    }

    private static Map<String, String> documented() throws IOException {
        String text = Files.readString(Path.of("docs", "configuration.md"));
        String table = text.substring(text.indexOf("<!-- keys:begin -->"), text.indexOf("<!-- keys:end -->"));
        Map<String, String> keys = new TreeMap<>();
        for (String line : table.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String key = cells[1].trim().replace("`", "");
            keys.put(key, cells[2].trim() + " | " + cells[3].trim());
        }
        return keys;
    }
}

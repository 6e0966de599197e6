package io.heropixel.destination.postgres.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * The messages of the demo's sample streams ({@link DemoCatalog}): records with a few values that do not fit
 * their column (they show up as NULL plus an {@code _airbyte_meta} change), CDC deletes, states and stream
 * statuses.
 */
final class DemoData {
    private static final String NAMESPACE = DemoCatalog.NAMESPACE;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long START_MILLIS =
            Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private DemoData() {}

    /** Writes the messages of sync {@code sync} (1 or 2) to {@code file}. */
    static void writeMessages(Path file, int sync, int recordsPerStream) throws IOException {
        Random random = new Random(42L + sync);
        long emittedAt = START_MILLIS + sync * 3_600_000L;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < recordsPerStream; i++) {
                // Sync 2 updates a third of the customers and deletes a few (CDC).
                int customerId = sync == 1 ? i : i * 3;
                line(out, record("customers", customer(customerId, sync, random), emittedAt + i));
                line(out, record("orders", order(sync * 1_000_000 + i, random), emittedAt + i));
                line(out, record("products", product(i, sync, random), emittedAt + i));
                line(out, record("page_views", pageView(i, random), emittedAt + i));
                if ((i + 1) % 500 == 0 || i == recordsPerStream - 1) {
                    line(out, globalState(sync, i + 1));
                }
            }
            for (String stream : DemoCatalog.streamNames()) {
                line(out, complete(stream));
            }
        }
    }

    private static ObjectNode customer(int id, int sync, Random random) {
        ObjectNode data = NODES.objectNode();
        data.put("id", id);
        data.put("name", (sync == 1 ? "Customer " : "Renamed customer ") + id);
        data.put("email", "customer" + id + "@example.com");
        data.put(
                "updated_at",
                Instant.ofEpochMilli(START_MILLIS + sync * 86_400_000L + id).toString());
        data.put("signup_date", LocalDate.of(2020, 1, 1).plusDays(id % 1500).toString());
        data.put("vip", random.nextInt(10) == 0);
        if (id % 97 == 5) {
            data.put("signup_date", "not a date"); // does not fit a date column: NULL + _airbyte_meta change
        }
        if (sync == 2 && id % 30 == 0) {
            data.put(
                    "_ab_cdc_deleted_at",
                    Instant.ofEpochMilli(START_MILLIS + 2 * 86_400_000L).toString());
        } else {
            data.putNull("_ab_cdc_deleted_at");
        }
        ObjectNode address = data.putObject("address");
        address.put("city", List.of("Lyon", "Osaka", "Quito", "Perth").get(id % 4));
        address.put("zip", String.format("%05d", id % 100_000));
        return data;
    }

    private static ObjectNode order(long id, Random random) {
        ObjectNode data = NODES.objectNode();
        data.put("order_id", id);
        data.put("customer_id", random.nextInt(1000));
        data.put("amount", String.format("%d.%02d", random.nextInt(5000), random.nextInt(100)));
        data.put("quantity", 1 + random.nextInt(9));
        data.put("ordered_at", Instant.ofEpochMilli(START_MILLIS + id * 1000).toString());
        data.put("local_pickup_time", String.format("%02d:%02d:00", 8 + random.nextInt(10), random.nextInt(60)));
        data.put("delivery_window_start", String.format("%02d:00:00+02:00", 8 + random.nextInt(10)));
        ArrayNode items = data.putArray("items");
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            items.add("sku-" + random.nextInt(500));
        }
        if (id % 211 == 7) {
            data.put("quantity", "several"); // does not fit an integer column
        }
        return data;
    }

    private static ObjectNode product(int id, int sync, Random random) {
        ObjectNode data = NODES.objectNode();
        data.put("sku", "sku-" + id);
        data.put("price", Math.round(random.nextDouble() * 10_000) / 100.0 + sync);
        data.put("in_stock", random.nextBoolean());
        data.put(
                "last_restocked",
                Instant.ofEpochMilli(START_MILLIS - id * 60_000L)
                        .atOffset(ZoneOffset.UTC)
                        .toLocalDateTime()
                        .toString());
        ObjectNode attributes = data.putObject("attributes");
        attributes.put("color", List.of("red", "green", "blue").get(id % 3));
        attributes.put("weight_g", 100 + id % 900);
        if (id % 2 == 0) {
            data.put("tag", "seasonal"); // a union column: string or integer
        } else {
            data.put("tag", id);
        }
        return data;
    }

    private static ObjectNode pageView(int id, Random random) {
        ObjectNode data = NODES.objectNode();
        data.put("url", "/page/" + random.nextInt(100));
        data.put("viewed_at", Instant.ofEpochMilli(START_MILLIS + id * 250L).toString());
        data.put("duration_ms", random.nextInt(60_000));
        return data;
    }

    private static ObjectNode record(String stream, ObjectNode data, long emittedAt) {
        ObjectNode message = NODES.objectNode();
        message.put("type", "RECORD");
        ObjectNode record = message.putObject("record");
        record.put("namespace", NAMESPACE);
        record.put("stream", stream);
        record.set("data", data);
        record.put("emitted_at", emittedAt);
        return message;
    }

    private static ObjectNode globalState(int sync, int position) {
        ObjectNode message = NODES.objectNode();
        message.put("type", "STATE");
        ObjectNode state = message.putObject("state");
        state.put("type", "GLOBAL");
        ObjectNode global = state.putObject("global");
        global.putObject("shared_state").put("position", sync + ":" + position);
        global.putArray("stream_states");
        return message;
    }

    private static ObjectNode complete(String stream) {
        ObjectNode message = NODES.objectNode();
        message.put("type", "TRACE");
        ObjectNode trace = message.putObject("trace");
        trace.put("type", "STREAM_STATUS");
        trace.put("emitted_at", (double) START_MILLIS);
        ObjectNode status = trace.putObject("stream_status");
        ObjectNode descriptor = status.putObject("stream_descriptor");
        descriptor.put("name", stream);
        descriptor.put("namespace", NAMESPACE);
        status.put("status", "COMPLETE");
        return message;
    }

    private static void line(BufferedWriter out, ObjectNode message) throws IOException {
        out.write(ProtocolJson.mapper().writeValueAsString(message));
        out.write('\n');
    }
}

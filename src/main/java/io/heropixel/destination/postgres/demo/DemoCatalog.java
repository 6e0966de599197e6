package io.heropixel.destination.postgres.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The configured catalog of the demo's sample streams ({@link DemoData} writes their messages): every sync
 * mode and every column type.
 */
final class DemoCatalog {
    static final String NAMESPACE = "demo";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DemoCatalog() {}

    /** The configured catalog; {@code generation} grows with each sync so overwrite streams are replaced. */
    static ObjectNode catalog(long generation, long syncId) {
        ObjectNode catalog = NODES.objectNode();
        ArrayNode streams = catalog.putArray("streams");
        streams.add(stream("customers", customersSchema(), "incremental", "append_dedup", "id", "updated_at"));
        streams.add(stream("orders", ordersSchema(), "incremental", "append", null, "ordered_at"));
        streams.add(stream("products", productsSchema(), "full_refresh", "overwrite", null, null));
        streams.add(stream("page_views", pageViewsSchema(), "full_refresh", "append", null, null));
        for (JsonNode stream : streams) {
            // an overwrite stream replaces the earlier generations: its minimum generation is the current one
            boolean overwrite =
                    "overwrite".equals(stream.path("destination_sync_mode").asText());
            ((ObjectNode) stream)
                    .put("generation_id", generation)
                    .put("minimum_generation_id", overwrite ? generation : 0)
                    .put("sync_id", syncId);
        }
        return catalog;
    }

    private static ObjectNode customersSchema() {
        ObjectNode address = type("object");
        address.putObject("properties").set("city", type("string"));
        return object(
                "id", type("integer"),
                "name", type("string"),
                "email", type("string"),
                "updated_at", timestamp("timestamp_with_timezone"),
                "_ab_cdc_deleted_at", timestamp("timestamp_with_timezone"),
                "signup_date", format("date", null),
                "vip", type("boolean"),
                "address", address);
    }

    private static ObjectNode ordersSchema() {
        ObjectNode items = type("array");
        items.set("items", type("string"));
        return object(
                "order_id", type("integer"),
                "customer_id", type("integer"),
                "amount", type("number"),
                "quantity", type("integer"),
                "ordered_at", timestamp("timestamp_with_timezone"),
                "local_pickup_time", format("time", "time_without_timezone"),
                "delivery_window_start", format("time", "time_with_timezone"),
                "items", items);
    }

    private static ObjectNode productsSchema() {
        ObjectNode tag = NODES.objectNode(); // a union column: string or integer
        tag.putArray("type").add("string").add("integer");
        return object(
                "sku", type("string"),
                "price", type("number"),
                "in_stock", type("boolean"),
                "last_restocked", timestamp("timestamp_without_timezone"),
                "attributes", type("object"),
                "tag", tag);
    }

    private static ObjectNode pageViewsSchema() {
        return object(
                "url", type("string"),
                "viewed_at", timestamp("timestamp_with_timezone"),
                "duration_ms", type("integer"));
    }

    /** One configured stream of the demo namespace; {@code primaryKey} and {@code cursor} may be null. */
    private static ObjectNode stream(
            String name,
            ObjectNode schema,
            String syncMode,
            String destinationSyncMode,
            String primaryKey,
            String cursor) {
        ObjectNode configured = NODES.objectNode();
        ObjectNode stream = configured.putObject("stream");
        stream.put("name", name);
        stream.put("namespace", NAMESPACE);
        stream.set("json_schema", schema);
        stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
        configured.put("sync_mode", syncMode);
        configured.put("destination_sync_mode", destinationSyncMode);
        ArrayNode pk = configured.putArray("primary_key");
        if (primaryKey != null) {
            pk.addArray().add(primaryKey);
        }
        ArrayNode cursorField = configured.putArray("cursor_field");
        if (cursor != null) {
            cursorField.add(cursor);
        }
        return configured;
    }

    /** An object schema whose properties are the given (name, schema) pairs, in order. */
    private static ObjectNode object(Object... namesAndSchemas) {
        ObjectNode properties = NODES.objectNode();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            properties.set((String) namesAndSchemas[i], (JsonNode) namesAndSchemas[i + 1]);
        }
        ObjectNode schema = type("object");
        schema.set("properties", properties);
        return schema;
    }

    private static ObjectNode type(String type) {
        ObjectNode node = NODES.objectNode();
        node.putArray("type").add("null").add(type);
        return node;
    }

    private static ObjectNode format(String format, String airbyteType) {
        ObjectNode node = type("string");
        node.put("format", format);
        if (airbyteType != null) {
            node.put("airbyte_type", airbyteType);
        }
        return node;
    }

    private static ObjectNode timestamp(String airbyteType) {
        return format("date-time", airbyteType);
    }

    /** The names of the demo's streams, in catalog order. */
    static List<String> streamNames() {
        return List.of("customers", "orders", "products", "page_views");
    }
}

package io.heropixel.destination.postgres.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.error.FailureType;

/** Builds the protocol messages a destination emits. */
public final class Messages {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Messages() {}

    public static ObjectNode spec(JsonNode spec) {
        return envelope("SPEC", "spec", spec);
    }

    public static ObjectNode connectionStatus(boolean succeeded, String text) {
        ObjectNode status = NODES.objectNode().put("status", succeeded ? "SUCCEEDED" : "FAILED");
        if (text != null) {
            status.put("message", text);
        }
        return envelope("CONNECTION_STATUS", "connectionStatus", status);
    }

    public static ObjectNode errorTrace(FailureType type, String text, String internal, String stackTrace) {
        ObjectNode error = NODES.objectNode().put("message", text);
        if (internal != null) {
            error.put("internal_message", internal);
        }
        if (stackTrace != null) {
            error.put("stack_trace", stackTrace);
        }
        error.put("failure_type", type.wireName());
        ObjectNode trace = NODES.objectNode().put("type", "ERROR");
        // epoch milliseconds as a plain integer (a double would print as 1.796403781727E12)
        trace.put("emitted_at", System.currentTimeMillis());
        trace.set("error", error);
        return envelope("TRACE", "trace", trace);
    }

    public static ObjectNode log(String level, String text) {
        return envelope("LOG", "log", NODES.objectNode().put("level", level).put("message", text));
    }

    /** A message of the given type whose body is under {@code field}. */
    private static ObjectNode envelope(String type, String field, JsonNode body) {
        ObjectNode message = NODES.objectNode().put("type", type);
        message.set(field, body);
        return message;
    }
}

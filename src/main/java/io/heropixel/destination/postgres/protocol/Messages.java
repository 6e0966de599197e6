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
        ObjectNode message = NODES.objectNode();
        message.put("type", "SPEC");
        message.set("spec", spec);
        return message;
    }

    public static ObjectNode connectionStatus(boolean succeeded, String text) {
        ObjectNode status = NODES.objectNode();
        status.put("status", succeeded ? "SUCCEEDED" : "FAILED");
        if (text != null) {
            status.put("message", text);
        }
        ObjectNode message = NODES.objectNode();
        message.put("type", "CONNECTION_STATUS");
        message.set("connectionStatus", status);
        return message;
    }

    public static ObjectNode errorTrace(FailureType type, String text, String internal, String stackTrace) {
        ObjectNode error = NODES.objectNode();
        error.put("message", text);
        if (internal != null) {
            error.put("internal_message", internal);
        }
        if (stackTrace != null) {
            error.put("stack_trace", stackTrace);
        }
        error.put("failure_type", type.wireName());
        ObjectNode trace = NODES.objectNode();
        trace.put("type", "ERROR");
        // epoch milliseconds as a plain integer (a double would print as 1.796403781727E12)
        trace.put("emitted_at", System.currentTimeMillis());
        trace.set("error", error);
        ObjectNode message = NODES.objectNode();
        message.put("type", "TRACE");
        message.set("trace", trace);
        return message;
    }

    public static ObjectNode log(String level, String text) {
        ObjectNode log = NODES.objectNode();
        log.put("level", level);
        log.put("message", text);
        ObjectNode message = NODES.objectNode();
        message.put("type", "LOG");
        message.set("log", log);
        return message;
    }
}

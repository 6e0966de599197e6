package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.DestinationSyncMode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.testing.TestingConfigs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stream plans for the typing tests. */
final class TypingTestSupport {
    private TypingTestSupport() {}

    /** The columns of Airbyte's SQL-generator test stream, in its order. */
    static Map<String, AirbyteType> allTypes(boolean cdc) {
        Map<String, AirbyteType> columns = new LinkedHashMap<>();
        columns.put("id1", AirbyteType.INTEGER);
        columns.put("id2", AirbyteType.INTEGER);
        columns.put("updated_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE);
        if (cdc) {
            columns.put("_ab_cdc_deleted_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE);
        }
        columns.put("struct", AirbyteType.OBJECT);
        columns.put("array", AirbyteType.ARRAY);
        columns.put("string", AirbyteType.STRING);
        columns.put("number", AirbyteType.NUMBER);
        columns.put("integer", AirbyteType.INTEGER);
        columns.put("boolean", AirbyteType.BOOLEAN);
        columns.put("timestamp_with_timezone", AirbyteType.TIMESTAMP_WITH_TIMEZONE);
        columns.put("timestamp_without_timezone", AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE);
        columns.put("time_with_timezone", AirbyteType.TIME_WITH_TIMEZONE);
        columns.put("time_without_timezone", AirbyteType.TIME_WITHOUT_TIMEZONE);
        columns.put("date", AirbyteType.DATE);
        columns.put("unknown", AirbyteType.UNKNOWN);
        return columns;
    }

    static Map<String, AirbyteType> columns(Object... nameTypePairs) {
        Map<String, AirbyteType> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            columns.put((String) nameTypePairs[i], (AirbyteType) nameTypePairs[i + 1]);
        }
        return columns;
    }

    static StreamPlan dedup(String namespace, Map<String, AirbyteType> columns, DestinationConfig config) {
        return plan(namespace, DestinationSyncMode.APPEND_DEDUP, columns, List.of("id1", "id2"), "updated_at", config);
    }

    static StreamPlan append(String namespace, Map<String, AirbyteType> columns, DestinationConfig config) {
        return plan(namespace, DestinationSyncMode.APPEND, columns, List.of(), null, config);
    }

    static StreamPlan plan(
            String namespace,
            DestinationSyncMode mode,
            Map<String, AirbyteType> columns,
            List<String> primaryKey,
            String cursor,
            DestinationConfig config) {
        return plan(namespace, mode, columns, primaryKey, cursor, config, "test_stream");
    }

    static StreamPlan plan(
            String namespace,
            DestinationSyncMode mode,
            Map<String, AirbyteType> columns,
            List<String> primaryKey,
            String cursor,
            DestinationConfig config,
            String name) {
        ConfiguredStream stream = new ConfiguredStream(
                new StreamDescriptor(namespace, name),
                mode,
                primaryKey,
                Optional.ofNullable(cursor),
                42,
                0,
                42,
                columns);
        return StreamPlanner.plan(List.of(stream), config).get(0);
    }

    static DestinationConfig config(String namespace) {
        return TestingConfigs.config("public", namespace + "_raw");
    }
}

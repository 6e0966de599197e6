package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One input message of a sync: a RECORD ({@code data} set) or a STREAM STATE ({@code stateLine} set) of
 * the stream {@code streamKey}. {@code stateEnd} is the index of the closing brace of the line's
 * {@code state} object, where the echo inserts {@code destinationStats}.
 */
record Event(String streamKey, ObjectNode data, long emittedAt, String stateLine, int stateEnd) {

    /** The stream key of a GLOBAL state: it covers every stream. */
    static final String GLOBAL = "*";

    boolean isGlobalState() {
        return GLOBAL.equals(streamKey);
    }

    static Event record(String streamKey, ObjectNode data, long emittedAt) {
        return new Event(streamKey, data, emittedAt, null, -1);
    }

    static Event state(String streamKey, String line, int stateEnd) {
        return new Event(streamKey, null, 0, line, stateEnd);
    }

    /** The echo the connector must print for this state: the line with destinationStats added. */
    String echo(long recordCount) {
        String before = stateLine.substring(0, stateEnd);
        String stats = "\"destinationStats\":{\"recordCount\":" + recordCount + ".0}";
        boolean empty = before.stripTrailing().endsWith("{");
        return before + (empty ? "" : ",") + stats + stateLine.substring(stateEnd);
    }

    boolean isRecord() {
        return data != null;
    }

    @Override
    public String toString() {
        return isRecord() ? "R " + streamKey + " @" + emittedAt + " " + data : "S " + stateLine;
    }
}

package io.heropixel.destination.postgres.model;

import java.util.List;
import java.util.Random;

/**
 * STATE lines as sources write them, with what the echo must keep byte for byte: unknown fields beside
 * and inside {@code state}, number text such as {@code 1.0}, {@code 2.50} and {@code 1E400}, escapes.
 */
final class StateLines {
    private StateLines() {}

    /** A GLOBAL state: a shared position and one entry per stream. */
    static Event global(Random random, List<StreamSpec> specs, int id) {
        StringBuilder streams = new StringBuilder();
        for (StreamSpec s : specs) {
            streams.append(streams.length() == 0 ? "" : ",")
                    .append("{\"stream_descriptor\":")
                    .append(Lines.write(Lines.descriptor(s)))
                    .append(",\"stream_state\":{\"n\":")
                    .append(id)
                    .append("}}");
        }
        String body = "{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":" + (1000 + id)
                + ".0},\"stream_states\":[" + streams + "]}" + (random.nextBoolean() ? ",\"id\":" + id : "") + "}";
        String prefix = "{\"type\":\"STATE\",\"state\":";
        return Event.state(Event.GLOBAL, prefix + body + "}", prefix.length() + body.length() - 1);
    }

    static Event stream(Random random, StreamSpec spec, int id) {
        String descriptor = Lines.write(Lines.descriptor(spec));
        String streamState =
                switch (random.nextInt(4)) {
                    case 0 -> "{\"cursor\":" + id + "}";
                    case 1 -> "{\"cursor\":" + id + ".0,\"note\":\"caf\\u00e9\"}";
                    case 2 -> "{\"c\":\"2.50\",\"big\":12345678901234567890123, \"e\":1E400}";
                    default -> "{}";
                };
        String extra =
                switch (random.nextInt(3)) {
                    case 0 -> "";
                    case 1 -> ",\"sourceStats\":{\"recordCount\":2.0}";
                    default -> ",\"id\":" + id;
                };
        String body = "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":" + descriptor + ",\"stream_state\":"
                + streamState + "}" + extra + "}";
        String prefix = "{\"type\":\"STATE\",\"state\":";
        String line = prefix + body + (random.nextInt(4) == 0 ? ",\"platform_field\":{\"a\":[1,2.0]}" : "") + "}";
        return Event.state(spec.key(), line, prefix.length() + body.length() - 1);
    }
}

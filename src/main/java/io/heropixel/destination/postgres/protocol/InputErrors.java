package io.heropixel.destination.postgres.protocol;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.error.ConfigException;
import java.nio.charset.StandardCharsets;

/** Builds the errors for bad {@code write} input: line number, stream, an excerpt of the line, advice. */
public final class InputErrors {
    /** Characters of the offending line shown in an error. */
    public static final int EXCERPT_CHARS = 200;

    private InputErrors() {}

    /**
     * An error about one input line.
     *
     * @param stream the stream the line belongs to, or null when unknown
     * @param problem what is wrong, as a sentence fragment
     * @param advice what the user should do
     */
    public static ConfigException at(
            long lineNumber, StreamDescriptor stream, byte[] line, String problem, String advice) {
        String where = "Input line " + lineNumber + (stream == null ? "" : " (stream '" + stream + "')");
        return new ConfigException(where + ": " + problem + " Line: " + excerpt(line) + " " + advice, null);
    }

    /** The start of the line, at most {@link #EXCERPT_CHARS} characters, marked when cut. */
    public static String excerpt(byte[] line) {
        int bytes = Math.min(line.length, EXCERPT_CHARS * 4);
        String text = new String(line, 0, bytes, StandardCharsets.UTF_8);
        if (text.length() > EXCERPT_CHARS) {
            return text.substring(0, EXCERPT_CHARS) + "... (" + line.length + " bytes)";
        }
        return bytes < line.length ? text + "... (" + line.length + " bytes)" : text;
    }
}

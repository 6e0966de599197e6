package io.heropixel.destination.postgres.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.protocol.JsonSyntax;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files named on the command line (config, catalog). */
public final class JsonFiles {
    private JsonFiles() {}

    /**
     * Reads a JSON file. Errors never quote the file's content (a config holds secrets), only the line
     * and column of a syntax error.
     */
    public static JsonNode read(Path path, String what) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    "The " + what + " file " + path + " does not exist. Pass the path of a JSON file.");
        } catch (IOException e) {
            throw new ConfigException("The " + what + " file " + path + " could not be read ("
                    + e.getClass().getSimpleName() + "). Check the path and its permissions.");
        }
        try {
            JsonNode node = ProtocolJson.mapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw new ConfigException("The " + what + " file " + path + " must hold one JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConfigException("The " + what + " file " + path + " is not valid JSON"
                    + JsonSyntax.lineAndColumn(e) + ": " + JsonSyntax.problem(e, false)
                    + ". Fix the syntax (it must hold one JSON object).");
        }
    }
}

package io.heropixel.destination.postgres.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a person sees when {@code write} fails: stderr and the TRACE error of a real process. */
@ExtendWith(TestingPostgres.class)
class ErrorOutputTest {
    private static final Pattern EMITTED_AT = Pattern.compile("\"emitted_at\":([^,}]+)");

    private static JsonNode catalog(String destinationSyncMode) throws Exception {
        return ProtocolJson.mapper()
                .readTree("{\"streams\": [{\"stream\": {\"name\": \"users\", \"namespace\": \"crm\", \"json_schema\":"
                        + " {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}}}},"
                        + " \"destination_sync_mode\": \"" + destinationSyncMode + "\"}]}");
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    /** The one TRACE error's message, checked to appear once on stderr, with no exception class names. */
    private static String reportedOnce(ConnectorRun run) {
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errorTraces()).hasSize(1);
        String message = run.errorTraces().get(0).path("message").asText();
        assertThat(occurrences(run.stderr(), message)).as(run.stderr()).isEqualTo(1);
        assertThat(run.stderr()).doesNotContain("Exception");
        return message;
    }

    @Test
    void anInvalidCatalogIsReportedOnceOnStderrWithAnIntegerEmittedAt(TestDatabase db) throws Exception {
        ConnectorRun run = ConnectorRun.subprocessWrite(db.config(), catalog("foo"), "");

        String message = reportedOnce(run);
        assertThat(message)
                .isEqualTo("Invalid catalog: streams[0].destination_sync_mode (stream 'crm.users') is 'foo', not one"
                        + " of append, overwrite, append_dedup. Choose one of them for the stream in the connection's"
                        + " settings.");
        Matcher emittedAt = EMITTED_AT.matcher(run.stdout());
        assertThat(emittedAt.find()).as(run.stdout()).isTrue();
        assertThat(emittedAt.group(1)).matches("\\d{13}");
        long millis = Long.parseLong(emittedAt.group(1));
        assertThat(millis).isBetween(System.currentTimeMillis() - 600_000, System.currentTimeMillis());
    }

    @Test
    void aMalformedLineSaysWhereAndWhatInPlainWords(TestDatabase db) throws Exception {
        String good = "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"crm\",\"stream\":\"users\","
                + "\"emitted_at\":1714557600000,\"data\":{\"id\":1}}}";
        String bad = "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"crm\",\"stream\":\"users\","
                + "\"emitted_at\":1714557600000,\"data\":{\"id\":2}";
        ConnectorRun run = ConnectorRun.subprocessWrite(db.config(), catalog("append"), good + "\n" + bad + "\n");

        String message = reportedOnce(run);
        assertThat(message)
                .startsWith(
                        "Input line 2: the line is not valid JSON: it ends too early: an object or array is not closed, or a string is not ended. Line: "
                                + bad)
                .endsWith("check the source or the program that feeds this destination.")
                .doesNotContain("Source:", "REDACTED", "StreamReadFeature", "marker", "column");
        assertThat(run.errorTraces().get(0).path("failure_type").asText()).isEqualTo("config_error");
    }

    @Test
    void aConfigFileWithBrokenJsonSaysWhatIsWrongWithoutQuotingIt(TestDatabase db) throws Exception {
        ObjectNode config = db.config();
        String[] args = ConnectorRun.writeArgs(config, catalog("append"));
        Files.writeString(Path.of(args[2]), "{\"host\": \"h\",\n \"password\": hunter2secret}");

        ConnectorRun run = ConnectorRun.inProcess(args);

        String message = run.errorTraces().get(0).path("message").asText();
        assertThat(message)
                .startsWith("The config file " + args[2] + " is not valid JSON at line 2, column ")
                .contains(": a value is neither a number, a string in double quotes, an object, an array, nor true,"
                        + " false or null. Fix the syntax")
                .doesNotContain("hunter2");
        assertThat(run.stdout() + run.stderr()).doesNotContain("hunter2");
    }
}

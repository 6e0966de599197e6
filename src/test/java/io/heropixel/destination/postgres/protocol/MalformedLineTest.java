package io.heropixel.destination.postgres.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.heropixel.destination.postgres.error.ConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A line that is not JSON: the error says where and what in plain words, and never the parser's own text. */
class MalformedLineTest {
    private static final String ADVICE = "Each stdin line must be one Airbyte protocol message as JSON; check the"
            + " source or the program that feeds this destination.";

    private static String error(long lineNumber, byte[] line) {
        Throwable thrown = catchThrowable(() -> MessageReader.parse(lineNumber, line));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        String message = thrown.getMessage();
        assertThat(message)
                .startsWith("Input line " + lineNumber + ": ")
                .endsWith(ADVICE)
                .doesNotContain(
                        "Source:", "REDACTED", "Feature", "marker", "token", "code ", "Exception", "was expecting");
        return message;
    }

    private static String problem(String line) {
        String message = error(7, line.getBytes(StandardCharsets.UTF_8));
        return message.substring("Input line 7: ".length(), message.indexOf(" Line: "));
    }

    @Test
    void eachKindOfSyntaxErrorIsNamed() {
        assertThat(problem("{\"type\":\"RECORD\", \"record\": {bad"))
                .isEqualTo("the line is not valid JSON at character 30: the character 'b' stands where a field name"
                        + " in double quotes should start (names need double quotes; no comma before a '}').");
        assertThat(problem("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1}"))
                .isEqualTo("the line is not valid JSON: it ends too early: an object or array is not closed, or a"
                        + " string is not ended.");
        assertThat(problem("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":\"abc"))
                .isEqualTo("the line is not valid JSON: it ends too early: an object or array is not closed, or a"
                        + " string is not ended.");
        assertThat(problem("{\"a\":tru}"))
                .isEqualTo("the line is not valid JSON at character 10: 'tru' is neither a number, a string in"
                        + " double quotes, an object, an array, nor true, false or null.");
        assertThat(problem("{\"a\":\"x\u0001\"}"))
                .isEqualTo("the line is not valid JSON at character 8: a string holds the control character U+0001"
                        + " unescaped (write it as \\n, \\t or \\u00XX).");
        assertThat(problem("{\"a\":01}")).contains("a number is not written as JSON requires");
        assertThat(problem("{\"a\":NaN}")).contains("NaN and Infinity are not JSON numbers");
        assertThat(problem("{\"a\":\"x\\q\"}")).contains("a string holds an unknown escape after a backslash");
        assertThat(problem("{\"a\" 1}")).contains("the character '1' stands where a ':' should follow a field name");
        assertThat(problem("{\"a\":1 \"b\":2}")).contains("the character '\"' stands where a ',' or a '}' should be");
        assertThat(problem("{\"a\":[1 2]}")).contains("the character '2' stands where a ',' or a ']' should be");
        assertThat(problem("{\"a\":[1,]}")).contains("the character ']' stands where a value should start");
        assertThat(problem("{\"a\":1]")).contains("a closing bracket does not match the bracket it closes");
        assertThat(problem("{\"a\":" + "[".repeat(ProtocolJson.MAX_NESTING_DEPTH + 1)))
                .contains("it is nested more than " + ProtocolJson.MAX_NESTING_DEPTH + " levels deep");
    }

    @Test
    void invalidUtf8OutsideTheDataIsNamed() {
        byte[] line =
                "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s?\",\"data\":{}}}".getBytes(StandardCharsets.UTF_8);
        line[38] = (byte) 0xff;
        assertThat(error(3, line)).contains("it is not valid UTF-8");
    }

    @Test
    void aNumberTooLargeToReadSaysSo() {
        assertThat(problem("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":17e7200000000,"
                        + "\"data\":{}}}"))
                .isEqualTo("a number in the line is too large to read (its exponent is out of range).");
    }
}

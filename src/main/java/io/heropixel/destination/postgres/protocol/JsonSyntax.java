package io.heropixel.destination.postgres.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in plain words what is wrong with JSON that the parser refused, without the parser's own
 * vocabulary (token names, feature flags, source descriptions).
 */
public final class JsonSyntax {
    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('(.+?)' \\(code (\\d+)\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '(.*)': was expecting");
    private static final Pattern CODE = Pattern.compile("code (\\d+)");

    private JsonSyntax() {}

    /**
     * What is wrong, as a sentence fragment such as "a field name is not in double quotes".
     *
     * @param quoteInput whether the description may quote a word of the input (false for files that hold
     *     secrets; single punctuation characters are always named)
     */
    public static String problem(JsonProcessingException e, boolean quoteInput) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return m.contains("nesting depth")
                    ? "it is nested more than " + ProtocolJson.MAX_NESTING_DEPTH + " levels deep"
                    : "a number or a name in it is longer than the reader accepts";
        }
        if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            return "it ends too early: an object or array is not closed, or a string is not ended";
        }
        if (m.startsWith("Unexpected character")) {
            return unexpectedCharacter(m);
        }
        if (m.startsWith("Unexpected close marker")) {
            return "a closing bracket does not match the bracket it closes";
        }
        if (m.startsWith("Non-standard token")) {
            return "NaN and Infinity are not JSON numbers (send null or a string instead)";
        }
        if (m.startsWith("Unrecognized token")) {
            Matcher token = TOKEN.matcher(m);
            String what = quoteInput && token.find() ? "'" + shorten(token.group(1)) + "'" : "a value";
            return what + " is neither a number, a string in double quotes, an object, an array, nor true, false or"
                    + " null";
        }
        if (m.startsWith("Illegal unquoted character")) {
            Matcher code = CODE.matcher(m);
            return "a string holds the control character " + (code.find() ? "U+" + hex4(code.group(1)) : "")
                    + " unescaped (write it as \\n, \\t or \\u00XX)";
        }
        if (m.startsWith("Unrecognized character escape")) {
            return "a string holds an unknown escape after a backslash (a backslash itself is written \\\\)";
        }
        if (m.startsWith("Invalid numeric value") || m.startsWith("Invalid number")) {
            return "a number is not written as JSON requires (no leading zeros, no '+' sign, digits after '.' and"
                    + " 'e')";
        }
        if (m.startsWith("Invalid UTF-8") || m.contains("Invalid UTF-8")) {
            return "it is not valid UTF-8";
        }
        return "it is not valid JSON";
    }

    /**
     * " at character N" for a one-line input (the column of the problem), or "" when unknown or at the end
     * (the problem then says that the input ends too early).
     */
    public static String position(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getColumnNr() < 1 || e instanceof JsonEOFException
                ? ""
                : " at character " + location.getColumnNr();
    }

    /** " at line L, column C" for a file, or "" when unknown. */
    public static String lineAndColumn(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String unexpectedCharacter(String m) {
        Matcher found = CHARACTER.matcher(m);
        String what = !found.find()
                ? "a character"
                : Integer.parseInt(found.group(2)) > 32 && Integer.parseInt(found.group(2)) < 127
                        ? "the character '" + found.group(1) + "'"
                        : "the character U+" + hex4(found.group(2));
        if (m.contains("double-quote to start field name")) {
            return what + " stands where a field name in double quotes should start (names need double quotes;"
                    + " no comma before a '}')";
        }
        if (m.contains("colon to separate field name and value")) {
            return what + " stands where a ':' should follow a field name";
        }
        if (m.contains("comma to separate Object entries")) {
            return what + " stands where a ',' or a '}' should be";
        }
        if (m.contains("comma to separate Array entries")) {
            return what + " stands where a ',' or a ']' should be";
        }
        if (m.contains("expected a value") || m.contains("expected a valid value")) {
            return what + " stands where a value should start (no comma before a ']')";
        }
        return what + " is not expected there";
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static String hex4(String decimal) {
        return String.format("%04X", Integer.parseInt(decimal));
    }
}

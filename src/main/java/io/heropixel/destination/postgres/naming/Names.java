package io.heropixel.destination.postgres.naming;

import io.heropixel.destination.postgres.sql.Identifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name rules of docs/naming.md (those of Airbyte destination-postgres): normalisation to ASCII letters, digits and underscores, and the 63-byte
 * limit. Every method is pure and deterministic.
 */
public final class Names {
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}");
    private static final Pattern WHITESPACE_RUNS = Pattern.compile("\\s+");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9_]");
    private static final int HASH_CHARS = 8;

    private Names() {}

    /**
     * NFKD, combining marks removed, whitespace runs to one {@code _}, every other character outside
     * ASCII letters, digits and {@code _} to {@code _}. Case is preserved. {@code Café Straße} gives
     * {@code Cafe_Stra_e}. An empty result becomes {@code _}.
     */
    public static String normalise(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKD);
        s = COMBINING_MARKS.matcher(s).replaceAll("");
        s = WHITESPACE_RUNS.matcher(s).replaceAll("_");
        s = NOT_ALLOWED.matcher(s).replaceAll("_");
        return s.isEmpty() ? "_" : s;
    }

    /** The first 63 bytes of a normalised (ASCII) name, as the incumbent truncates names. */
    public static String truncate(String normalised) {
        return fitBytes(normalised, Identifier.MAX_BYTES);
    }

    /**
     * {@code base + suffix} when it fits in 63 bytes; otherwise base is cut and followed by {@code _} and
     * a hash of the whole base, so distinct long bases stay distinct and the result still ends with suffix.
     */
    public static String withSuffix(String base, String suffix) {
        String whole = base + suffix;
        if (bytes(whole) <= Identifier.MAX_BYTES) {
            return whole;
        }
        String tail = "_" + hash(base, HASH_CHARS) + suffix;
        return fitBytes(base, Identifier.MAX_BYTES - bytes(tail)) + tail;
    }

    /** The first {@code chars} lower-case hex digits of the SHA-1 of the text (UTF-8). */
    public static String hash(String text, int chars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of s (whole code points) that fits in maxBytes UTF-8 bytes. */
    static String fitBytes(String s, int maxBytes) {
        if (bytes(s) <= maxBytes) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int size = bytes(new String(Character.toChars(cp)));
            if (used + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}

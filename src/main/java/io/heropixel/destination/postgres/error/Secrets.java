package io.heropixel.destination.postgres.error;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Process-wide registry of secret values (passwords, keys, key passwords). Every text the connector
 * writes to stdout or stderr passes through {@link #redact(String)}, so a secret that slips into an
 * exception message from a library is still never printed. (Echoed STATE messages are the exception: they
 * are the source's bytes, returned unchanged.)
 */
public final class Secrets {
    private static final String MASK = "**********";
    private static final List<String> VALUES = new CopyOnWriteArrayList<>();

    private Secrets() {}

    /** Registers a secret value; blank and very short values are ignored (they would mask ordinary text). */
    public static void register(String value) {
        if (value == null || value.isBlank() || value.length() < 3 || VALUES.contains(value)) {
            return;
        }
        VALUES.add(value);
        // Longest first, so a secret containing another one is masked whole.
        VALUES.sort(Comparator.comparingInt(String::length).reversed());
        // Keys are often given with literal "\n" sequences or as several lines: mask every line too.
        for (String line : value.replace("\\n", "\n").split("\n")) {
            String trimmed = line.trim();
            if (trimmed.length() >= 16 && !trimmed.startsWith("-----") && !VALUES.contains(trimmed)) {
                VALUES.add(trimmed);
            }
        }
        VALUES.sort(Comparator.comparingInt(String::length).reversed());
    }

    public static String redact(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : VALUES) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /** For tests only. */
    public static void clearForTests() {
        VALUES.clear();
    }
}

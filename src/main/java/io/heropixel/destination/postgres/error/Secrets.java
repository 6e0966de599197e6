package io.heropixel.destination.postgres.error;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secret values (passwords, keys, key passwords) of one run. The CLI creates one per run; the config
 * resolver registers every secret it reads, and every text the connector writes to stdout or stderr
 * through the protocol writer or the error reporter passes through {@link #redact(String)}, so a secret
 * that slips into an exception message from a library is still never printed. (Echoed STATE messages are
 * the exception: they are the source's bytes, returned unchanged.)
 */
public final class Secrets {
    private static final String MASK = "**********";

    /** Longest first, so a secret containing another one is masked whole. */
    private final List<String> values = new CopyOnWriteArrayList<>();

    /** An empty set; {@link #register(String)} adds to it. */
    public Secrets() {}

    /** A set holding the given values (as registered one by one). */
    public static Secrets of(String... values) {
        Secrets secrets = new Secrets();
        for (String value : values) {
            secrets.register(value);
        }
        return secrets;
    }

    /** Registers a secret value; blank and very short values are ignored (they would mask ordinary text). */
    public synchronized void register(String value) {
        if (value == null || value.isBlank() || value.length() < 3 || values.contains(value)) {
            return;
        }
        values.add(value);
        // Keys are often given with literal "\n" sequences or as several lines: mask every line too.
        for (String line : value.replace("\\n", "\n").split("\n")) {
            String trimmed = line.trim();
            if (trimmed.length() >= 16 && !trimmed.startsWith("-----") && !values.contains(trimmed)) {
                values.add(trimmed);
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : values) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}

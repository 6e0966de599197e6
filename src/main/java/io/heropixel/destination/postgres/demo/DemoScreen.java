package io.heropixel.destination.postgres.demo;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** What the demo tells the person running it: commands they can paste into a shell, durations. */
final class DemoScreen {
    /** The launcher, as the README runs it from the repository's root. */
    static final String LAUNCHER = "bin/destination-postgres";

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private DemoScreen() {}

    /** {@code bin/destination-postgres check --config <config>}. */
    static String checkCommand(Path config) {
        return LAUNCHER + " check --config " + quote(config);
    }

    /** {@code bin/destination-postgres write --config <config> --catalog <catalog> < <messages>}. */
    static String writeCommand(Path config, Path catalog, Path messages) {
        return LAUNCHER + " write --config " + quote(config) + " --catalog " + quote(catalog) + " < " + quote(messages);
    }

    /** The psql connection string of the demo server. */
    static String psqlCommand(int port) {
        return "psql \"postgresql://postgres@localhost:" + port + "/postgres\"";
    }

    /** A path as a shell word: as is when safe, else in single quotes. */
    static String quote(Path path) {
        String text = path.toAbsolutePath().toString();
        return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /** Seconds since {@code startNanos}, one decimal. */
    static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}

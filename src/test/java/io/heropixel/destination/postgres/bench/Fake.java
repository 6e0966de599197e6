package io.heropixel.destination.postgres.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;

/** Deterministic fake values drawn from a seeded random. */
final class Fake {
    private static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
        "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor",
        "whiskey", "xray", "yankee", "zulu", "amber", "basalt", "cobalt", "dune", "ember", "fjord", "granite",
        "harbor", "iris", "jade", "kelp", "lagoon", "meadow", "nectar", "onyx", "prairie", "quartz", "river",
        "saffron", "tundra", "umber", "violet", "willow", "zephyr", "Zürich", "café", "naïve", "smörgåsbord"
    };
    private static final String[] FIRST = {
        "Ada", "Bo", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jun", "Kemal", "Lena", "Mateo",
        "Nia", "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wei", "Yara", "Zoe", "Łukasz"
    };
    private static final String[] LAST = {
        "Abbott",
        "Baker",
        "Costa",
        "Dubois",
        "Eriksen",
        "Fischer",
        "Garcia",
        "Hughes",
        "Ito",
        "Jensen",
        "Kowalski",
        "Larsen",
        "Moreau",
        "Nakamura",
        "O'Neil",
        "Petrov",
        "Quispe",
        "Rossi",
        "Schmidt",
        "Tanaka",
        "Usman",
        "Varga",
        "Weber",
        "Xu",
        "Young",
        "Zhang"
    };
    /** 2020-01-01T00:00:00Z. */
    private static final long EPOCH_2020 = 1_577_836_800L;

    private Fake() {}

    static String word(SplittableRandom r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    static String first(SplittableRandom r) {
        return FIRST[r.nextInt(FIRST.length)];
    }

    static String last(SplittableRandom r) {
        return LAST[r.nextInt(LAST.length)];
    }

    /** Words separated by spaces until the text is at least {@code minLength} characters. */
    static String words(SplittableRandom r, int minLength) {
        StringBuilder text = new StringBuilder(minLength + 16);
        while (text.length() < minLength) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(word(r));
        }
        return text.toString();
    }

    /** Lower-case letters and digits. */
    static String token(SplittableRandom r, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int v = r.nextInt(36);
            chars[i] = (char) (v < 10 ? '0' + v : 'a' + v - 10);
        }
        return new String(chars);
    }

    /** A decimal with two fraction digits, below {@code maxUnits}. */
    static BigDecimal money(SplittableRandom r, long maxUnits) {
        return BigDecimal.valueOf(r.nextLong(maxUnits * 100), 2);
    }

    /** An ISO-8601 UTC timestamp. */
    static String timestamp(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    /** A timestamp between 2020 and 2023. */
    static String pastTimestamp(SplittableRandom r) {
        return timestamp(EPOCH_2020 + r.nextLong(4L * 365 * 24 * 3600));
    }
}

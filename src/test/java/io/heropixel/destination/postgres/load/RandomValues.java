package io.heropixel.destination.postgres.load;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import java.util.Random;

/** Random JSON values of the shapes sources send, for the equivalence test (some deliberately invalid). */
final class RandomValues {
    private final Random random;

    RandomValues(Random random) {
        this.random = random;
    }

    /** A random value for a column of this type, or null when the type has no random values. */
    String of(AirbyteType type) {
        return switch (type) {
            case STRING, NUMBER, INTEGER -> random.nextInt(4) == 0 ? "\"" + number() + "\"" : number();
            case DATE -> "\"" + date() + "\"";
            case TIME_WITHOUT_TIMEZONE -> "\"" + time() + "\"";
            case TIME_WITH_TIMEZONE -> "\"" + time() + offset() + "\"";
            case TIMESTAMP_WITH_TIMEZONE, TIMESTAMP_WITHOUT_TIMEZONE ->
                "\"" + date() + (random.nextBoolean() ? "T" : " ") + time() + offset() + "\"";
            default -> null;
        };
    }

    /** A plain JSON number: sign, 1 to 30 integer digits (no leading zero), 0 to 20 fraction digits. */
    private String number() {
        StringBuilder b = new StringBuilder();
        if (random.nextInt(3) == 0) {
            b.append('-');
        }
        int intDigits = random.nextInt(4) == 0 ? 1 + random.nextInt(30) : 1 + random.nextInt(19);
        if (random.nextInt(6) == 0) {
            b.append('0');
        } else {
            b.append((char) ('1' + random.nextInt(9)));
            digits(b, intDigits - 1);
        }
        int fraction = random.nextInt(3) == 0 ? 1 + random.nextInt(20) : 0;
        if (fraction > 0) {
            b.append('.');
            if (random.nextInt(3) == 0) {
                b.append("0".repeat(fraction));
            } else {
                digits(b, fraction);
            }
        }
        return b.toString();
    }

    private void digits(StringBuilder b, int count) {
        for (int i = 0; i < count; i++) {
            b.append((char) ('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
        }
    }

    /** A date; days up to 31 make some invalid. */
    private String date() {
        int year = random.nextInt(5) == 0 ? 1 + random.nextInt(9999) : 1900 + random.nextInt(200);
        return String.format("%04d-%02d-%02d", year, 1 + random.nextInt(12), 1 + random.nextInt(31));
    }

    /** A time with 0 to 7 fraction digits. */
    private String time() {
        String time = String.format("%02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60));
        int fraction = random.nextInt(8);
        if (random.nextBoolean() || fraction == 0) {
            return time;
        }
        StringBuilder b = new StringBuilder(time).append('.');
        digits(b, fraction);
        return b.toString();
    }

    private String offset() {
        int hours = random.nextInt(15);
        int minutes = random.nextBoolean() ? 0 : random.nextInt(60);
        String sign = random.nextBoolean() ? "+" : "-";
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "Z";
            case 2 -> String.format("%s%02d", sign, hours);
            case 3 -> String.format("%s%02d%02d", sign, hours, minutes);
            default -> String.format("%s%02d:%02d", sign, hours, minutes);
        };
    }
}

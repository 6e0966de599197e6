package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.sql.Identifier;
import java.util.Optional;

/**
 * What happens to an existing final-table column whose type differs from the catalog's:
 * widen it in place when that loses nothing, keep it when changing it would narrow it, and otherwise turn it
 * into {@code varchar} (every value keeps its text) so no data is lost. See docs/type-mapping.md.
 */
final class ColumnEvolution {
    /** An in-place {@code ALTER COLUMN ... TYPE ... USING ...}. */
    record Change(String sqlType, String using) {}

    private ColumnEvolution() {}

    /** The change for an existing column of SQL type {@code existing} that the catalog now calls {@code planned}. */
    static Optional<Change> change(Identifier column, String existing, AirbyteType planned, boolean unconstrained) {
        AirbyteType current = ColumnTypes.categoryOf(existing);
        if (current == null) {
            return Optional.empty(); // a type this connector never creates: the user's choice, kept
        }
        if (current == planned || (current == AirbyteType.UNKNOWN && ColumnTypes.isJson(planned))) {
            return Optional.empty();
        }
        String c = column.quoted();
        String target = ColumnTypes.ddlType(planned, unconstrained);
        if (planned == AirbyteType.STRING) {
            return Optional.of(new Change(target, current == AirbyteType.UNKNOWN ? c + " #>> '{}'" : c + "::varchar"));
        }
        if (ColumnTypes.isJson(planned)) {
            return Optional.of(new Change("jsonb", "to_jsonb(" + c + ")"));
        }
        if (isWidening(current, planned)) {
            return Optional.of(new Change(target, c + "::" + target));
        }
        if (isKept(current, planned)) {
            return Optional.empty();
        }
        return Optional.of(new Change("varchar", c + "::varchar"));
    }

    private static boolean isWidening(AirbyteType from, AirbyteType to) {
        return switch (to) {
            case NUMBER -> from == AirbyteType.INTEGER;
            case TIMESTAMP_WITHOUT_TIMEZONE -> from == AirbyteType.DATE;
            case TIMESTAMP_WITH_TIMEZONE -> from == AirbyteType.DATE || from == AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE;
            case TIME_WITH_TIMEZONE -> from == AirbyteType.TIME_WITHOUT_TIMEZONE;
            default -> false;
        };
    }

    /** The existing column already holds every value of the new type (or more): never narrowed. */
    private static boolean isKept(AirbyteType current, AirbyteType planned) {
        return current == AirbyteType.STRING
                || current == AirbyteType.UNKNOWN
                || (current == AirbyteType.NUMBER && planned == AirbyteType.INTEGER)
                || (current == AirbyteType.TIMESTAMP_WITH_TIMEZONE && planned == AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE)
                || (current == AirbyteType.TIMESTAMP_WITH_TIMEZONE && planned == AirbyteType.DATE)
                || (current == AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE && planned == AirbyteType.DATE)
                || (current == AirbyteType.TIME_WITH_TIMEZONE && planned == AirbyteType.TIME_WITHOUT_TIMEZONE);
    }
}

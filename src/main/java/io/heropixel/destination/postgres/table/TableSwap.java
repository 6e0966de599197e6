package io.heropixel.destination.postgres.table;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.sql.QualifiedName;

/** One replacement of a refresh: {@code target} is replaced by {@code temp} (its {@code _airbyte_tmp} table). */
public record TableSwap(QualifiedName temp, QualifiedName target) {
    public TableSwap {
        requireNonNull(temp, "temp is null");
        requireNonNull(target, "target is null");
    }
}

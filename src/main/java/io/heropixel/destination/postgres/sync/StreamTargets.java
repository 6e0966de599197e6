package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.Optional;

/**
 * Where one stream's rows go during this sync.
 *
 * @param rawTarget the table the COPYs write into (the raw table or its temp table)
 * @param finalTarget the table typing writes into (the final table or its temp table); empty when typing
 *     is disabled
 */
public record StreamTargets(StreamPlan plan, QualifiedName rawTarget, Optional<QualifiedName> finalTarget) {
    public StreamTargets {
        requireNonNull(plan, "plan is null");
        requireNonNull(rawTarget, "rawTarget is null");
        requireNonNull(finalTarget, "finalTarget is null");
    }

    public boolean rawIsTemp() {
        return rawTarget.equals(plan.rawTempTable());
    }

    public boolean finalIsTemp() {
        return finalTarget.filter(plan.finalTempTable()::equals).isPresent();
    }
}

package io.heropixel.destination.postgres.bench;

import static java.util.Objects.requireNonNull;

/**
 * The figures of one benchmark case.
 *
 * @param floor null when the floor was not measured
 * @param connector null when the connector was not run
 * @param finalRows rows found in the connector's final tables, -1 when they could not be counted
 */
record CaseResult(
        String label,
        long records,
        long inputBytes,
        long statesIn,
        FloorRunner.Result floor,
        ConnectorRunner.Result connector,
        long finalRows,
        long expectedRows,
        String note) {
    CaseResult {
        requireNonNull(label, "label is null");
        requireNonNull(note, "note is null");
    }

    boolean connectorSucceeded() {
        return connector != null && connector.succeeded();
    }

    /** Seconds of the connector run, or NaN. */
    double connectorSeconds() {
        return connectorSucceeded() ? connector.process().seconds() : Double.NaN;
    }

    double floorSeconds() {
        return floor == null ? Double.NaN : floor.totalSeconds();
    }

    /** Connector time over floor time (lower is better; 1.0 = as fast as the floor). */
    double ratio() {
        return connectorSeconds() / floorSeconds();
    }

    double recordsPerSecond(double seconds) {
        return records / seconds;
    }

    double megabytesPerSecond(double seconds) {
        return inputBytes / 1e6 / seconds;
    }

    /** Whether states and rows came out as expected. */
    String check() {
        if (connector == null) {
            return "connector not run";
        }
        if (!connector.succeeded()) {
            return "connector failed (exit " + connector.process().exitCode() + ")";
        }
        String states = connector.statesEchoed() == statesIn
                ? "states " + statesIn + "/" + statesIn
                : "STATES " + connector.statesEchoed() + "/" + statesIn;
        String rows = finalRows == expectedRows ? "rows ok" : "ROWS " + finalRows + " expected " + expectedRows;
        return states + ", " + rows;
    }
}

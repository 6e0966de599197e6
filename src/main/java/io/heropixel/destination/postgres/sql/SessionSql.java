package io.heropixel.destination.postgres.sql;

import java.util.List;

/**
 * Transaction and session settings: each lasts for one transaction ({@code SET LOCAL}, {@code SET
 * TRANSACTION}), so nothing depends on session state and a transaction pooler may hand out any server
 * connection.
 */
public final class SessionSql {
    private SessionSql() {}

    /** Starts a transaction's isolation level (before its first query; no session setting is changed). */
    public static String isolation(boolean repeatableRead) {
        return "SET TRANSACTION ISOLATION LEVEL " + (repeatableRead ? "REPEATABLE READ" : "READ COMMITTED");
    }

    /**
     * Run in the transaction before its COMMIT (at its start, with the isolation level): when the server's {@code synchronous_commit} is {@code off}, raises it to
     * {@code local} for this transaction only, so the COMMIT returns once its data is on disk (a STATE
     * echoed after it survives a crash). Stronger settings such as {@code remote_apply} are kept.
     */
    public static String durableCommit() {
        return """
                SELECT set_config('synchronous_commit', 'local', true) \
                WHERE current_setting('synchronous_commit') = 'off'""";
    }

    /** Instants without offset are UTC in this transaction. */
    public static String timeZoneUtc() {
        return "SET LOCAL TimeZone = 'UTC'";
    }

    /** {@link #timeZoneUtc()} and {@link #dateStyle()}, for {@link Sql#executeAll}. */
    public static List<String> utcIsoDates() {
        return List.of(timeZoneUtc(), dateStyle());
    }

    /** ISO dates in this transaction. */
    public static String dateStyle() {
        return "SET LOCAL DateStyle = 'ISO, MDY'";
    }

    /**
     * For the rest of the transaction, or until {@link #defaultSortMemory}: more memory per sort, so the
     * in-place dedup of a large staging table sorts in memory or in few passes (see docs/benchmarks.md).
     */
    public static String sortMemory() {
        return "SET LOCAL work_mem = '64MB'";
    }

    public static String defaultSortMemory() {
        return "SET LOCAL work_mem TO DEFAULT";
    }

    /** For one transaction: plain index scans only (no sequential or bitmap scans). */
    public static List<String> indexScanOnly() {
        return List.of("SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off");
    }

    /** For the rest of the transaction: joins as nested loops (over an index), not hash or merge joins. */
    public static List<String> nestedLoopJoins() {
        return List.of("SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off");
    }

    /** Undoes {@link #nestedLoopJoins} for the rest of the transaction. */
    public static List<String> defaultJoins() {
        return List.of("SET LOCAL enable_hashjoin TO DEFAULT", "SET LOCAL enable_mergejoin TO DEFAULT");
    }

    /**
     * For the transaction that holds the sync's locks, which stays idle for the whole sync: the server's
     * {@code idle_in_transaction_session_timeout} must not end it (and release the locks).
     */
    public static String keepIdleTransaction() {
        return "SET LOCAL idle_in_transaction_session_timeout = 0";
    }
}

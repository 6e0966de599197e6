package io.heropixel.destination.postgres.sync;

/**
 * The sync's advisory locks, transaction-scoped. Bind parameters: a class id (int) and the raw table's
 * qualified name (text). Held until the transaction that took it ends, so it needs no session and holds
 * through a transaction pooler (which keeps one server connection for the whole transaction). Two syncs of
 * the same stream then run one after the other.
 */
final class LockSql {
    private LockSql() {}

    static String advisoryLock() {
        return "SELECT pg_advisory_xact_lock(?, hashtext(?))";
    }

    /** Like {@link #advisoryLock()} but answers at once with whether the lock was obtained. */
    static String tryAdvisoryLock() {
        return "SELECT pg_try_advisory_xact_lock(?, hashtext(?))";
    }
}

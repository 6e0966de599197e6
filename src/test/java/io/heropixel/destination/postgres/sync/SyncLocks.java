package io.heropixel.destination.postgres.sync;

/** Test queries about the advisory lock a {@code write} holds on a stream for the whole sync. */
public final class SyncLocks {
    private SyncLocks() {}

    /**
     * Counts the sync locks on the stream whose raw table is {@code quotedRawTable} (as {@code
     * "schema"."table"}) that are granted, or waited for when {@code granted} is false. Only that lock: the
     * table registry takes a brief lock of its own while the tables are planned, which a count of all advisory
     * locks would see come and go.
     */
    public static String countQuery(String quotedRawTable, boolean granted) {
        return "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM"
                + " pg_database WHERE datname = current_database()) AND classid = " + AdvisoryLocks.LOCK_CLASS
                + " AND objsubid = 2 AND objid = hashtext('" + quotedRawTable.replace("'", "''") + "')::oid"
                + " AND granted = " + granted;
    }
}

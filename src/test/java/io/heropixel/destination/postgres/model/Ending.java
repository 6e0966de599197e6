package io.heropixel.destination.postgres.model;

/** How the first attempt of a sync ends; every ending but COMPLETE is followed by the platform's retry. */
enum Ending {
    /** Every stream gets STREAM_STATUS COMPLETE at the end. */
    COMPLETE,
    /** The source fails after a random message: the streams it had not finished get INCOMPLETE. */
    INCOMPLETE,
    /** The source fails after a random message and the input has no STREAM_STATUS at all. */
    NO_STATUS,
    /** {@code write} (a separate JVM) is SIGKILLed after a random record, its stdin still open. */
    KILLED,
    /**
     * Every message and COMPLETE for every stream are sent and stdin is closed; {@code write} is SIGKILLed
     * at a random moment of its end (typing, swaps), or has just finished.
     */
    KILLED_AT_END
}

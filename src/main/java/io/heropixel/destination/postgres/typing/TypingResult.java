package io.heropixel.destination.postgres.typing;

/**
 * What one typing-and-deduping pass did (or several, added up).
 *
 * @param typed raw rows typed (and marked loaded)
 * @param deleted final rows removed by CDC deletion records
 * @param nulled values that did not fit their column and were written as NULL (each is recorded in {@code
 *     _airbyte_meta.changes})
 * @param inserted rows written into the final table; for dedup streams {@code typed - inserted} raw rows were
 *     older versions of a key (or deletion records) and were deduplicated away
 */
public record TypingResult(long typed, long deleted, long nulled, long inserted) {
    public static final TypingResult NONE = new TypingResult(0, 0, 0, 0);

    public TypingResult plus(TypingResult other) {
        return new TypingResult(
                typed + other.typed, deleted + other.deleted, nulled + other.nulled, inserted + other.inserted);
    }

    /** Raw rows typed that did not become a final row: older versions of a key, deletion records. */
    public long deduplicatedAway() {
        return Math.max(0, typed - inserted);
    }
}

package io.heropixel.destination.postgres.typing;

/**
 * What one typing-and-deduping pass did.
 *
 * @param rowsTyped raw rows typed and marked loaded in this pass
 * @param rowsDeleted keys removed from the final table by CDC deletion records
 * @param valuesNulled values that did not fit their column and were written as NULL (each is recorded in
 *     {@code _airbyte_meta.changes})
 * @param rowsInserted rows written into the final table; for dedup streams {@code rowsTyped - rowsInserted}
 *     raw rows were older versions of a key (or deletion records) and were deduplicated away
 */
public record TypingResult(long rowsTyped, long rowsDeleted, long valuesNulled, long rowsInserted) {}

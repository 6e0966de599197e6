package io.heropixel.destination.postgres.typing;

/**
 * What one typing-and-deduping pass did.
 *
 * @param rowsTyped raw rows typed and marked loaded in this pass
 * @param rowsDeleted keys removed from the final table by CDC deletion records
 * @param valuesNulled values that did not fit their column and were written as NULL (each is recorded in
 *     {@code _airbyte_meta.changes})
 */
public record TypingResult(long rowsTyped, long rowsDeleted, long valuesNulled) {}

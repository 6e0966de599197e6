package io.heropixel.destination.postgres.load;

/**
 * What a stream's loader has done so far (a snapshot).
 *
 * @param records records committed to the raw table (or, typed while loading, to the final or staging table)
 * @param bytes bytes of input of those records
 * @param batches COPY batches committed
 * @param loadNanos time spent writing and committing COPYs
 * @param cleaned records whose data was cleaned of NUL characters or unpaired surrogates
 * @param typed records typed while loading and committed (into the final table or its staging table)
 * @param typedValuesNulled values set to NULL by type errors in the records typed while loading (committed
 *     or not)
 */
public record LoadTotals(
        long records, long bytes, long batches, long loadNanos, long cleaned, long typed, long typedValuesNulled) {}

package io.heropixel.destination.postgres.typing;

/** How typing casts a raw value to its column type. */
public enum CastMode {
    /** {@code CAST(value AS type)}: fastest; one bad value fails the statement (then typing is redone). */
    DIRECT,
    /** {@code pg_temp.airbyte_safe_cast}: PL/pgSQL with an exception block; any Postgres from 9.6. */
    SAFE_FUNCTION,
    /** {@code CASE WHEN pg_input_is_valid(value, type) THEN CAST(...) END}: Postgres 16 and later. */
    INPUT_IS_VALID
}

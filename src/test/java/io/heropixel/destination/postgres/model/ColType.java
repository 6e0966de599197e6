package io.heropixel.destination.postgres.model;

/** The column types the histories use: a JSON schema in the catalog, a Postgres type in the final table. */
enum ColType {
    STRING("{\"type\":\"string\"}", "character varying"),
    INTEGER("{\"type\":\"integer\"}", "bigint"),
    NUMBER("{\"type\":\"number\"}", "numeric"),
    BOOLEAN("{\"type\":\"boolean\"}", "boolean"),
    TIMESTAMPTZ(
            "{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"}",
            "timestamp with time zone"),
    DATE("{\"type\":\"string\",\"format\":\"date\"}", "date");

    final String jsonSchema;
    final String pgType;

    ColType(String jsonSchema, String pgType) {
        this.jsonSchema = jsonSchema;
        this.pgType = pgType;
    }

    /**
     * The column type after the catalog changes a column of type {@code this} to {@code wanted}
     * (docs/type-mapping.md, schema changes): widened, kept, or varchar.
     */
    ColType evolveTo(ColType wanted) {
        if (wanted == this) {
            return this;
        }
        if (wanted == STRING) {
            return STRING;
        }
        if (this == INTEGER && wanted == NUMBER) {
            return NUMBER;
        }
        if (this == DATE && wanted == TIMESTAMPTZ) {
            return TIMESTAMPTZ;
        }
        if (this == STRING || this == NUMBER && wanted == INTEGER || this == TIMESTAMPTZ && wanted == DATE) {
            return this; // a change that would narrow keeps the column
        }
        return STRING;
    }
}

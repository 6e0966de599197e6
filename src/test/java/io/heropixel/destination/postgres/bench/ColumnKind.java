package io.heropixel.destination.postgres.bench;

/** The JSON schema types the generated streams use, with the SQL the floor uses to type them. */
enum ColumnKind {
    INTEGER("{\"type\":[\"null\",\"integer\"]}", "bigint"),
    NUMBER("{\"type\":[\"null\",\"number\"]}", "numeric"),
    STRING("{\"type\":[\"null\",\"string\"]}", "varchar"),
    BOOLEAN("{\"type\":[\"null\",\"boolean\"]}", "boolean"),
    TIMESTAMP(
            "{\"type\":[\"null\",\"string\"],\"format\":\"date-time\","
                    + "\"airbyte_type\":\"timestamp_with_timezone\"}",
            "timestamptz"),
    ARRAY("{\"type\":[\"null\",\"array\"],\"items\":{}}", "jsonb"),
    OBJECT("{\"type\":[\"null\",\"object\"]}", "jsonb");

    private final String jsonSchema;
    private final String sqlType;

    ColumnKind(String jsonSchema, String sqlType) {
        this.jsonSchema = jsonSchema;
        this.sqlType = sqlType;
    }

    /** The property schema in the configured catalog. */
    String jsonSchema() {
        return jsonSchema;
    }

    /** The column type of the floor's typed final table. */
    String sqlType() {
        return sqlType;
    }

    /** The expression that reads this column from {@code _airbyte_data} with a plain cast. */
    String extract(String quotedField) {
        return switch (this) {
            case ARRAY, OBJECT -> "(_airbyte_data -> " + quotedField + ")";
            case STRING -> "(_airbyte_data ->> " + quotedField + ")";
            default -> "(_airbyte_data ->> " + quotedField + ")::" + sqlType;
        };
    }
}

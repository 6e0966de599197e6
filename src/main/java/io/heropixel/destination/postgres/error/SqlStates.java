package io.heropixel.destination.postgres.error;

/** The Postgres SQLSTATE codes the connector acts on, named once (see the Postgres "Error Codes" appendix). */
public final class SqlStates {
    public static final String CONNECTION_UNABLE = "08001";
    public static final String CONNECTION_REJECTED = "08004";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** Also Citus: a row whose distribution column is NULL. */
    public static final String NULL_VALUE_NOT_ALLOWED = "22004";

    public static final String DEPENDENT_OBJECTS_EXIST = "2BP01";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INVALID_CATALOG_NAME = "3D000";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String DUPLICATE_SCHEMA = "42P06";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    public static final String DISK_FULL = "53100";
    public static final String OUT_OF_MEMORY = "53200";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String CRASH_SHUTDOWN = "57P02";
    public static final String CANNOT_CONNECT_NOW = "57P03";

    private SqlStates() {}
}

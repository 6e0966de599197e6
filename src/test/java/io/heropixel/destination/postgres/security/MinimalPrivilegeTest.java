package io.heropixel.destination.postgres.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPasswordPostgres;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The privileges the documentation lists are enough: a role with only CREATE and TEMPORARY on the database
 * (not superuser, not the database owner, nothing on schema public) runs check and full syncs with
 * append, dedup and overwrite streams, twice. Revoking a privilege between check and write gives a config
 * error naming the object and the GRANT to run, not a stack trace.
 */
@ExtendWith(TestingPostgres.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // hang guard only
class MinimalPrivilegeTest {
    private static final String CATALOG = "{\"streams\":["
            + stream("app", "append", "")
            + "," + stream("dd", "append_dedup", ",\"primary_key\":[[\"id\"]],\"cursor_field\":[\"upd\"]")
            + "," + stream("ow", "overwrite", "") + "]}";

    private static JsonNode catalog(int generation) throws Exception {
        return ProtocolJson.mapper()
                .readTree(CATALOG.replace("\"generation_id\":1", "\"generation_id\":" + generation)
                        .replace("\"minimum_generation_id\":1", "\"minimum_generation_id\":" + generation));
    }

    private static String stream(String name, String mode, String extra) {
        return "{\"stream\":{\"name\":\"" + name + "\",\"namespace\":\"minpriv\",\"json_schema\":{\"type\":\"object\","
                + "\"properties\":{\"id\":{\"type\":\"integer\"},\"upd\":{\"type\":\"integer\"},\"v\":{\"type\":\"string\"}}},"
                + "\"supported_sync_modes\":[\"full_refresh\",\"incremental\"]},\"sync_mode\":\"incremental\","
                + "\"destination_sync_mode\":\"" + mode + "\",\"generation_id\":1,\"minimum_generation_id\":"
                + (mode.equals("overwrite") ? 1 : 0) + ",\"sync_id\":1" + extra + "}";
    }

    private static String input(int sync) {
        StringBuilder lines = new StringBuilder();
        for (String stream : new String[] {"app", "dd", "ow"}) {
            for (int i = 0; i < 4; i++) {
                lines.append("{\"type\":\"RECORD\",\"record\":{\"namespace\":\"minpriv\",\"stream\":\"")
                        .append(stream)
                        .append("\",\"emitted_at\":1,\"data\":{\"id\":")
                        .append(i % 2)
                        .append(",\"upd\":")
                        .append(sync * 10 + i)
                        .append(",\"v\":\"s")
                        .append(sync)
                        .append("\"}}}\n");
            }
        }
        lines.append("{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{}}}}\n");
        for (String stream : new String[] {"app", "dd", "ow"}) {
            // a catalog with generation ids needs COMPLETE for the overwrite to be swapped in
            lines.append("{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1,"
                            + "\"stream_status\":{\"stream_descriptor\":{\"namespace\":\"minpriv\",\"name\":\"")
                    .append(stream)
                    .append("\"},\"status\":\"COMPLETE\"}}}\n");
        }
        return lines.toString();
    }

    @Test
    void createAndTemporaryOnTheDatabaseAreEnough(TestDatabase db) throws Exception {
        String role = unique("min_user");
        TestDatabase user = minimalRole(db, role);
        ObjectNode config = user.config().put("schema", "min_default");

        ConnectorRun check = ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(config));
        ConnectorRun first = ConnectorRun.inProcessWrite(config, catalog(1), input(1));
        ConnectorRun second = ConnectorRun.inProcessWrite(config, catalog(2), input(2));

        assertThat(check.connectionStatus().path("status").asText())
                .as(check.stdout())
                .isEqualTo("SUCCEEDED");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.ofType("STATE")).hasSize(1);
        assertThat(db.queryValue("SELECT count(*) FROM minpriv.app")).isEqualTo(8L);
        assertThat(db.queryValue("SELECT string_agg(id || ':' || upd, ',' ORDER BY id) FROM minpriv.dd"))
                .isEqualTo("0:22,1:23");
        assertThat(db.queryValue("SELECT count(*) FROM minpriv.ow WHERE v = 's2'"))
                .isEqualTo(4L);
        assertThat(db.queryValue("SELECT count(*) FROM minpriv.ow")).isEqualTo(4L);
        assertThat(db.queryValue(
                        "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo(false);
    }

    /** Without CREATE on the database: USAGE and CREATE on the existing schemas (the registry is created too). */
    @Test
    void usageAndCreateOnExistingSchemasAreEnough(TestDatabase db) throws Exception {
        String role = unique("schema_user");
        TestDatabase user = TestingPasswordPostgres.createRole(db, role, role + "-pw-123");
        db.execute(
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "CREATE SCHEMA airbyte_internal",
                "CREATE SCHEMA minpriv",
                "CREATE SCHEMA min_default",
                "GRANT USAGE, CREATE ON SCHEMA airbyte_internal, minpriv, min_default TO " + role,
                "GRANT TEMPORARY ON DATABASE \"" + db.database() + "\" TO " + role);
        ObjectNode config = user.config().put("schema", "min_default");

        ConnectorRun first = ConnectorRun.inProcessWrite(config, catalog(1), input(1));
        ConnectorRun second = ConnectorRun.inProcessWrite(config, catalog(2), input(2));

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(db.queryValue("SELECT string_agg(id || ':' || upd, ',' ORDER BY id) FROM minpriv.dd"))
                .isEqualTo("0:22,1:23");
        assertThat(db.queryValue("SELECT tableowner FROM pg_tables WHERE schemaname = 'airbyte_internal' AND"
                        + " tablename = '_heropixel_stream_tables'"))
                .isEqualTo(role);
    }

    @Test
    void privilegeRevokedBetweenCheckAndWriteIsAConfigError(TestDatabase db) throws Exception {
        String role = unique("revoked_user");
        TestDatabase user = minimalRole(db, role);
        ObjectNode config = user.config().put("schema", "min_default");
        ConnectorRun check = ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(config));
        db.execute("REVOKE CREATE ON DATABASE \"" + db.database() + "\" FROM " + role);

        ConnectorRun write = ConnectorRun.inProcessWrite(config, catalog(1), input(1));

        assertThat(check.connectionStatus().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.errorTraces()).hasSize(1);
        JsonNode error = write.errorTraces().get(0);
        assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
        assertThat(error.path("message").asText())
                .contains(role, "permission denied for database " + db.database())
                .contains("GRANT CREATE ON DATABASE " + db.database() + " TO " + role)
                .doesNotContain("\tat ");
    }

    @Test
    void tableGrantRevokedDuringUseIsAConfigErrorNamingTheTable(TestDatabase db) throws Exception {
        // The tables exist and belong to someone else (an administrator ran an earlier sync); the user may
        // use and create in the schemas but does not own the tables and has no INSERT on the raw tables.
        JsonNode catalog = catalog(1);
        ObjectNode adminConfig = db.config().put("schema", "min_default");
        assertThat(ConnectorRun.inProcessWrite(adminConfig, catalog, input(1)).exitCode())
                .isZero();
        String role = unique("table_user");
        TestDatabase user = minimalRole(db, role);
        db.execute(
                "GRANT USAGE, CREATE ON SCHEMA minpriv, airbyte_internal TO " + role,
                "GRANT SELECT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA minpriv, airbyte_internal TO " + role,
                "GRANT INSERT ON ALL TABLES IN SCHEMA minpriv TO " + role);

        ConnectorRun write =
                ConnectorRun.inProcessWrite(user.config().put("schema", "min_default"), catalog(2), input(2));

        assertThat(write.exitCode()).isNotZero();
        assertThat(write.errorTraces()).hasSize(1);
        JsonNode error = write.errorTraces().get(0);
        assertThat(error.path("failure_type").asText()).as(error.toString()).isEqualTo("config_error");
        assertThat(error.path("message").asText())
                .contains(role, " minpriv_raw__stream_")
                .containsPattern("permission denied for (table|relation)|must be owner of (table|relation)")
                .containsPattern("GRANT|OWNER TO " + role)
                .doesNotContain("\tat ");
    }

    private static String unique(String prefix) {
        return prefix + "_" + Long.toString(Math.floorMod(System.nanoTime(), 1_000_000_000L), 36);
    }

    /** A login role with CREATE and TEMPORARY on the test database only (PUBLIC keeps no CREATE on public). */
    private static TestDatabase minimalRole(TestDatabase db, String role) {
        TestDatabase user = TestingPasswordPostgres.createRole(db, role, role + "-pw-123");
        db.execute(
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT CREATE, TEMPORARY ON DATABASE \"" + db.database() + "\" TO " + role);
        return user;
    }
}

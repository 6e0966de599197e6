package io.heropixel.destination.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingPostgres.class)
class TestingPostgresTest {
    @Test
    void eachTestGetsItsOwnEmptyDatabase(TestDatabase first, TestDatabase second) {
        assertThat(first.database()).isNotEqualTo(second.database());
        first.execute("CREATE TABLE t (x int)", "INSERT INTO t VALUES (1)");
        assertThat(first.queryValue("SELECT count(*) FROM t")).isEqualTo(1L);
        assertThat(second.queryValue("SELECT count(*) FROM pg_tables WHERE tablename = 't'"))
                .isEqualTo(0L);
        assertThat(first.queryValue("SHOW server_version").toString()).isNotBlank();
    }
}

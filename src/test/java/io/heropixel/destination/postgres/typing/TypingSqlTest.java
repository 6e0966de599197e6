package io.heropixel.destination.postgres.typing;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typing statements bind property names: none is part of the SQL text. */
class TypingSqlTest {

    @Test
    void typingStatementsBindPropertyNames() {
        TypedColumn column = new TypedColumn(
                new ColumnPlan("it's \\ \"odd\"", Identifier.of("it_s_odd_"), AirbyteType.INTEGER),
                AirbyteType.INTEGER,
                "bigint");
        BoundSql insert = TypingSql.insertAppend(
                QualifiedName.of("s", "t"), QualifiedName.of("r", "raw"), List.of(column), CastMode.INPUT_IS_VALID);
        assertThat(insert.sql()).doesNotContain("it's").doesNotContain("odd\"");
        // the integer: a plain cast to bigint, else through numeric (4 uses) when the value is integral
        assertThat(insert.parameters())
                .containsExactly(
                        "it's \\ \"odd\"",
                        "bigint",
                        "numeric",
                        "numeric",
                        "numeric",
                        "bigint",
                        "numeric",
                        "it's \\ \"odd\"");
        assertThat(insert.sql().split("\\?::text", -1)).hasSize(9);
    }
}

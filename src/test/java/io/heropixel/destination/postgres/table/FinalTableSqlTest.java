package io.heropixel.destination.postgres.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The final table's DDL, and the rules of {@link ColumnEvolution}. */
class FinalTableSqlTest {

    @Test
    void finalTableDdl() {
        List<ColumnPlan> columns = List.of(
                new ColumnPlan("id", Identifier.of("id"), AirbyteType.INTEGER),
                new ColumnPlan("Amount", Identifier.of("Amount"), AirbyteType.NUMBER),
                new ColumnPlan("t", Identifier.of("t"), AirbyteType.TIME_WITH_TIMEZONE),
                new ColumnPlan("o", Identifier.of("o"), AirbyteType.OBJECT));
        assertThat(FinalTableSql.create(QualifiedName.of("s", "T"), columns, false))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"s\".\"T\" (\"id\" bigint, \"Amount\" decimal(38, 9),"
                        + " \"t\" time with time zone, \"o\" jsonb, _airbyte_raw_id varchar(36) NOT NULL,"
                        + " _airbyte_extracted_at timestamp with time zone NOT NULL, _airbyte_meta jsonb NOT NULL,"
                        + " _airbyte_generation_id bigint)");
        assertThat(FinalTableSql.create(QualifiedName.of("s", "T"), columns.subList(1, 2), true))
                .contains("\"Amount\" numeric,");
    }

    @Test
    void columnEvolutionWidensKeepsOrFallsBackToText() {
        Identifier c = Identifier.of("c");
        assertThat(ColumnEvolution.change(c, "bigint", AirbyteType.NUMBER, true))
                .contains(new ColumnEvolution.Change("numeric", "\"c\"::numeric"));
        assertThat(ColumnEvolution.change(c, "numeric(38,9)", AirbyteType.NUMBER, true))
                .isEmpty();
        assertThat(ColumnEvolution.change(c, "numeric", AirbyteType.INTEGER, true))
                .isEmpty();
        assertThat(ColumnEvolution.change(c, "character varying", AirbyteType.INTEGER, true))
                .isEmpty();
        assertThat(ColumnEvolution.change(c, "jsonb", AirbyteType.STRING, true))
                .contains(new ColumnEvolution.Change("varchar", "\"c\" #>> '{}'"));
        assertThat(ColumnEvolution.change(c, "jsonb", AirbyteType.ARRAY, true)).isEmpty();
        assertThat(ColumnEvolution.change(c, "boolean", AirbyteType.OBJECT, true))
                .contains(new ColumnEvolution.Change("jsonb", "to_jsonb(\"c\")"));
        assertThat(ColumnEvolution.change(c, "date", AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE, true))
                .contains(new ColumnEvolution.Change("timestamp", "\"c\"::timestamp"));
        assertThat(ColumnEvolution.change(c, "timestamp with time zone", AirbyteType.DATE, true))
                .isEmpty();
        assertThat(ColumnEvolution.change(c, "boolean", AirbyteType.INTEGER, true))
                .contains(new ColumnEvolution.Change("varchar", "\"c\"::varchar"));
        assertThat(ColumnEvolution.change(c, "uuid", AirbyteType.STRING, true)).isEqualTo(Optional.empty());
    }
}

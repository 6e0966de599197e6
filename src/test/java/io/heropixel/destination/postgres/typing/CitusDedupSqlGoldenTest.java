package io.heropixel.destination.postgres.typing;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.DestinationSyncMode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.testing.TestingConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact SQL of the dedup statements Citus runs on a staging table co-located with the final table
 * (docs/citus.md): a CDC stream keyed on (id, region) with a cursor, distributed on region. Every statement
 * matches the distribution column with {@code =} (also among NULL keys) and returns no row per changed row.
 */
class CitusDedupSqlGoldenTest {
    private static final StreamPlan CDC = TypingTestSupport.plan(
            "shop",
            DestinationSyncMode.APPEND_DEDUP,
            TypingTestSupport.columns(
                    "id",
                    AirbyteType.INTEGER,
                    "region",
                    AirbyteType.STRING,
                    "updated_at",
                    AirbyteType.INTEGER,
                    "_ab_cdc_deleted_at",
                    AirbyteType.TIMESTAMP_WITH_TIMEZONE),
            List.of("id", "region"),
            "updated_at",
            TestingConfigs.config("shop", "shop_raw"));
    private static final QualifiedName STAGING = QualifiedName.of("shop_raw", "staged");
    private static final Identifier REGION = Identifier.of("region");
    private static final Identifier DELETED_AT = Identifier.of("_ab_cdc_deleted_at");

    @Test
    void inPlaceDedupMatchesRowsByShardAndAddress() {
        assertThat(CitusDedupSql.countOlderVersions(STAGING, CDC))
                .isEqualTo(
                        "SELECT count(*), COALESCE(sum(CASE WHEN _airbyte_meta -> 'changes' = '[]'::jsonb THEN 0 ELSE (SELECT count(*) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(_airbyte_meta -> 'changes') = 'array' THEN _airbyte_meta -> 'changes' ELSE '[]'::jsonb END) AS _ab_e WHERE _ab_e ->> 'reason' = 'DESTINATION_TYPECAST_ERROR') END), 0) FROM (SELECT _airbyte_meta, row_number() OVER (PARTITION BY \"id\", \"region\" ORDER BY \"updated_at\" DESC NULLS LAST, _airbyte_extracted_at DESC) AS _ab_rn FROM \"shop_raw\".\"staged\") AS _ab_ranked WHERE _ab_rn > 1");
        assertThat(CitusDedupSql.deleteOlderVersions(STAGING, CDC, REGION))
                .isEqualTo(
                        "DELETE FROM \"shop_raw\".\"staged\" t USING (SELECT _ab_row, _ab_shard FROM (SELECT ctid AS _ab_row, \"region\" AS _ab_shard, row_number() OVER (PARTITION BY \"id\", \"region\" ORDER BY \"updated_at\" DESC NULLS LAST, _airbyte_extracted_at DESC) AS _ab_rn FROM \"shop_raw\".\"staged\") AS _ab_ranked WHERE _ab_rn > 1) AS _ab_older WHERE t.ctid = _ab_older._ab_row AND t.\"region\" = _ab_older._ab_shard");
    }

    @Test
    void mergeJoinsOnTheDistributionColumn() {
        String batch = STAGING.quoted();
        QualifiedName target = CDC.finalTable();
        assertThat(CitusDedupSql.moveBatch(DedupSql.BATCH, STAGING, List.of()))
                .isEqualTo(
                        "INSERT INTO \"shop_raw\".\"staged\" (_airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id) SELECT _airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id FROM pg_temp._airbyte_batch");
        assertThat(CitusDedupSql.countDeletedByDeletionRows(batch, target, CDC, DELETED_AT, false, REGION))
                .isEqualTo(
                        "SELECT count(*) FROM \"shop\".\"test_stream\" f JOIN \"shop_raw\".\"staged\" b ON f.\"id\" = b.\"id\" AND f.\"region\" = b.\"region\" WHERE (b.\"updated_at\" > f.\"updated_at\" OR (b.\"updated_at\" IS NOT NULL AND f.\"updated_at\" IS NULL) OR ((b.\"updated_at\" = f.\"updated_at\" OR (b.\"updated_at\" IS NULL AND f.\"updated_at\" IS NULL)) AND b._airbyte_extracted_at >= f._airbyte_extracted_at)) AND b.\"_ab_cdc_deleted_at\" IS NOT NULL");
        assertThat(CitusDedupSql.deleteReplacedFinalRows(batch, target, CDC, true, REGION))
                .isEqualTo(
                        "DELETE FROM \"shop\".\"test_stream\" f USING \"shop_raw\".\"staged\" b WHERE (b.\"id\" IS NULL OR b.\"region\" IS NULL) AND f.\"id\" IS NOT DISTINCT FROM b.\"id\" AND f.\"region\" = b.\"region\" AND (b.\"updated_at\" > f.\"updated_at\" OR (b.\"updated_at\" IS NOT NULL AND f.\"updated_at\" IS NULL) OR ((b.\"updated_at\" = f.\"updated_at\" OR (b.\"updated_at\" IS NULL AND f.\"updated_at\" IS NULL)) AND b._airbyte_extracted_at >= f._airbyte_extracted_at))");
        assertThat(CitusDedupSql.deleteStaleBatchRows(batch, target, CDC.primaryKeyColumns(), true, REGION))
                .isEqualTo(
                        "DELETE FROM \"shop_raw\".\"staged\" b USING \"shop\".\"test_stream\" f WHERE (b.\"id\" IS NULL OR b.\"region\" IS NULL) AND f.\"id\" IS NOT DISTINCT FROM b.\"id\" AND f.\"region\" = b.\"region\"");
    }
}

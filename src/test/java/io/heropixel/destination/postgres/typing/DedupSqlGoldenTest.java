package io.heropixel.destination.postgres.typing;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.DestinationSyncMode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.FinalTableSql;
import io.heropixel.destination.postgres.table.IndexNames;
import io.heropixel.destination.postgres.table.RawTableSql;
import io.heropixel.destination.postgres.testing.TestingConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact SQL the generators produce for three representative streams: dedup with a cursor, append
 * without a key, and a CDC dedup stream. A change of any statement shows here as a diff to review.
 */
class DedupSqlGoldenTest {
    private static final DestinationConfig CONFIG = TestingConfigs.config("shop", "shop_raw");
    private static final StreamPlan DEDUP = TypingTestSupport.plan(
            "shop",
            DestinationSyncMode.APPEND_DEDUP,
            TypingTestSupport.columns("id", AirbyteType.INTEGER, "updated_at", AirbyteType.INTEGER),
            List.of("id"),
            "updated_at",
            CONFIG);
    private static final StreamPlan APPEND = TypingTestSupport.plan(
            "shop",
            DestinationSyncMode.APPEND,
            TypingTestSupport.columns("name", AirbyteType.STRING),
            List.of(),
            null,
            CONFIG);
    private static final StreamPlan CDC = TypingTestSupport.plan(
            "shop",
            DestinationSyncMode.APPEND_DEDUP,
            TypingTestSupport.columns(
                    "id", AirbyteType.INTEGER, "_ab_cdc_deleted_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE),
            List.of("id"),
            null,
            CONFIG);

    @Test
    void planAnswersTheKeyCursorAndCdcColumn() {
        assertThat(DEDUP.dedupKey()).containsExactly(Identifier.of("id"), Identifier.of("updated_at"));
        assertThat(DEDUP.cursorColumn()).contains(Identifier.of("updated_at"));
        assertThat(DEDUP.cdcDeletedAtColumn()).isEmpty();
        assertThat(APPEND.dedupKey()).isEmpty();
        assertThat(CDC.dedupKey()).containsExactly(Identifier.of("id"));
        assertThat(CDC.cdcDeletedAtColumn()).contains(Identifier.of("_ab_cdc_deleted_at"));
    }

    @Test
    void dedupWithCursor() {
        QualifiedName target = DEDUP.finalTable();
        assertThat(DedupSql.deleteReplacedFinalRows(target, DEDUP, false, true))
                .isEqualTo(GOLDEN_DEDUP_DELETE_REPLACED);
        assertThat(DedupSql.deleteStaleBatchRows(target, DEDUP.primaryKeyColumns(), true))
                .isEqualTo(GOLDEN_DEDUP_DELETE_STALE_NULL_KEYS);
        assertThat(DedupSql.deleteOlderVersions(QualifiedName.of("shop", "staged"), DEDUP, true))
                .isEqualTo(GOLDEN_DEDUP_DELETE_OLDER);
        assertThat(FinalTableSql.createIndex(IndexNames.of(target, IndexNames.PRIMARY_KEY), target, DEDUP.dedupKey()))
                .isEqualTo(GOLDEN_DEDUP_KEY_INDEX);
    }

    @Test
    void appendWithoutKey() {
        QualifiedName target = APPEND.finalTable();
        assertThat(FinalTableSql.create(target, APPEND.columns(), false)).isEqualTo(GOLDEN_APPEND_CREATE);
        assertThat(TypingSql.markLoaded(APPEND.rawTable())).isEqualTo(GOLDEN_APPEND_MARK_LOADED);
        assertThat(RawTableSql.create(APPEND.rawTable())).isEqualTo(GOLDEN_APPEND_RAW_CREATE);
    }

    @Test
    void cdcDedup() {
        QualifiedName target = CDC.finalTable();
        assertThat(DedupSql.deleteReplacedFinalRows(target, CDC, true, true)).isEqualTo(GOLDEN_CDC_DELETE_REPLACED);
        assertThat(DedupSql.deleteDeletionRowsFromBatch(CDC.cdcDeletedAtColumn().orElseThrow()))
                .isEqualTo(GOLDEN_CDC_DELETE_DELETIONS);
        var ddl = RawTableSql.createDeletionIndexDdlQuery(
                IndexNames.of(CDC.rawTable(), IndexNames.DELETIONS),
                CDC.rawTable(),
                CDC.stream().primaryKey());
        assertThat(ddl.sql()).isEqualTo(GOLDEN_CDC_DELETION_INDEX_QUERY);
        // names are bound, never part of the text
        assertThat(ddl.parameters()).endsWith("id");
    }

    @Test
    void cdcDedupWithSoftDeletesCountsNoDeletion() {
        QualifiedName target = CDC.finalTable();
        assertThat(DedupSql.deleteReplacedFinalRows(target, CDC, true, false))
                .isEqualTo(GOLDEN_CDC_DELETE_REPLACED.replace(
                        "b.\"_ab_cdc_deleted_at\" IS NOT NULL AS _ab_deletion", "false AS _ab_deletion"));
    }

    private static final String GOLDEN_DEDUP_DELETE_REPLACED =
            """
            WITH _ab_deleted AS (DELETE FROM "shop"."test_stream" f USING pg_temp._airbyte_batch b WHERE f."id" \
            = b."id" AND (b."updated_at" > f."updated_at" OR (b."updated_at" IS NOT NULL AND f."updated_at" IS \
            NULL) OR ((b."updated_at" = f."updated_at" OR (b."updated_at" IS NULL AND f."updated_at" IS NULL)) \
            AND b._airbyte_extracted_at >= f._airbyte_extracted_at)) RETURNING false AS _ab_deletion) SELECT \
            count(*) FILTER (WHERE _ab_deletion) FROM _ab_deleted""";

    private static final String GOLDEN_DEDUP_DELETE_STALE_NULL_KEYS =
            """
            DELETE FROM pg_temp._airbyte_batch b USING "shop"."test_stream" f WHERE (b."id" IS NULL) AND f."id" \
            IS NOT DISTINCT FROM b."id\"""";

    private static final String GOLDEN_DEDUP_DELETE_OLDER =
            """
            WITH _ab_deleted AS (DELETE FROM "shop"."staged" t USING (SELECT _ab_row FROM (SELECT ctid AS \
            _ab_row, row_number() OVER (PARTITION BY "id" ORDER BY "updated_at" DESC NULLS LAST, \
            _airbyte_extracted_at DESC) AS _ab_rn FROM "shop"."staged") AS _ab_ranked WHERE _ab_rn > 1 ORDER BY \
            _ab_row) AS _ab_older WHERE t.ctid = _ab_older._ab_row RETURNING CASE WHEN t._airbyte_meta -> \
            'changes' = '[]'::jsonb THEN 0 ELSE (SELECT count(*) FROM jsonb_array_elements(CASE WHEN \
            jsonb_typeof(t._airbyte_meta -> 'changes') = 'array' THEN t._airbyte_meta -> 'changes' ELSE \
            '[]'::jsonb END) AS _ab_e WHERE _ab_e ->> 'reason' = 'DESTINATION_TYPECAST_ERROR') END AS \
            _ab_nulled) SELECT count(*), COALESCE(sum(_ab_nulled), 0) FROM _ab_deleted""";

    private static final String GOLDEN_DEDUP_KEY_INDEX =
            """
            CREATE INDEX IF NOT EXISTS "test_stream_pk" ON "shop"."test_stream" ("id", "updated_at")""";

    private static final String GOLDEN_APPEND_CREATE =
            """
            CREATE TABLE IF NOT EXISTS "shop"."test_stream" ("name" varchar, _airbyte_raw_id varchar(36) NOT \
            NULL, _airbyte_extracted_at timestamp with time zone NOT NULL, _airbyte_meta jsonb NOT NULL, \
            _airbyte_generation_id bigint)""";

    private static final String GOLDEN_APPEND_MARK_LOADED =
            """
            UPDATE "shop_raw"."shop_raw__stream_test_stream" SET _airbyte_loaded_at = now() WHERE \
            _airbyte_loaded_at IS NULL""";

    private static final String GOLDEN_APPEND_RAW_CREATE =
            """
            CREATE TABLE IF NOT EXISTS "shop_raw"."shop_raw__stream_test_stream" (_airbyte_raw_id VARCHAR NOT \
            NULL, _airbyte_data JSONB, _airbyte_extracted_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, \
            _airbyte_loaded_at TIMESTAMP WITH TIME ZONE DEFAULT NULL, _airbyte_meta JSONB, \
            _airbyte_generation_id BIGINT)""";

    private static final String GOLDEN_CDC_DELETE_REPLACED =
            """
            WITH _ab_deleted AS (DELETE FROM "shop"."test_stream" f USING pg_temp._airbyte_batch b WHERE (b."id" \
            IS NULL) AND f."id" IS NOT DISTINCT FROM b."id" AND b._airbyte_extracted_at >= \
            f._airbyte_extracted_at RETURNING b."_ab_cdc_deleted_at" IS NOT NULL AS _ab_deletion) SELECT \
            count(*) FILTER (WHERE _ab_deletion) FROM _ab_deleted""";

    private static final String GOLDEN_CDC_DELETE_DELETIONS =
            """
            DELETE FROM pg_temp._airbyte_batch WHERE "_ab_cdc_deleted_at" IS NOT NULL""";

    private static final String GOLDEN_CDC_DELETION_INDEX_QUERY =
            """
            SELECT format(?::text, ?::text, ?::text, ?::text, ?::text)""";
}

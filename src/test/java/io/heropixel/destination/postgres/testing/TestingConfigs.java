package io.heropixel.destination.postgres.testing;

import io.heropixel.destination.postgres.config.CdcDeletionMode;
import io.heropixel.destination.postgres.config.CitusDistribution;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.config.SslConfig;
import io.heropixel.destination.postgres.config.SslMode;
import io.heropixel.destination.postgres.config.TunnelConfig;
import java.util.List;
import java.util.Map;

/** Ready-made configs for tests that need a {@link DestinationConfig} but no connection from it. */
public final class TestingConfigs {
    private TestingConfigs() {}

    public static DestinationConfig config(String defaultSchema, String rawSchema) {
        return config(defaultSchema, rawSchema, true, false);
    }

    public static DestinationConfig config(
            String defaultSchema, String rawSchema, boolean unconstrainedNumber, boolean dropCascade) {
        return config(defaultSchema, rawSchema, unconstrainedNumber, dropCascade, CdcDeletionMode.HARD_DELETE);
    }

    public static DestinationConfig config(
            String defaultSchema,
            String rawSchema,
            boolean unconstrainedNumber,
            boolean dropCascade,
            CdcDeletionMode cdcDeletionMode) {
        return new DestinationConfig(
                "localhost",
                5432,
                "db",
                List.of(defaultSchema),
                "user",
                "",
                SslConfig.of(SslMode.DISABLE),
                Map.of(),
                0,
                rawSchema,
                false,
                dropCascade,
                unconstrainedNumber,
                cdcDeletionMode,
                false,
                new TunnelConfig.NoTunnel(),
                CitusDistribution.AUTO);
    }
}

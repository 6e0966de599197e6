package io.heropixel.destination.postgres.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.cli.Main;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command: a real sync of sample data into an embedded server, then a report. */
class DemoCommandTest {
    @Test
    void demoLoadsEveryStreamAndReportsTablesChangesAndConnectionString() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = ProtocolWriter.redirect(out);
        int exit;
        try {
            exit = Main.execute(new String[] {"demo", "--stop", "--records", "300"});
        } finally {
            ProtocolWriter.redirect(previous);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(0);
        assertThat(report)
                .contains("sample sync 1 of 2 finished", "sample sync 2 of 2 finished")
                .contains("demo.customers", "demo.orders", "demo.products", "demo.page_views")
                .contains("airbyte_internal.demo_raw__stream_customers")
                // 300 orders per sync, appended twice; products overwritten by sync 2
                .contains("demo.orders  (600 rows)", "demo.products  (300 rows)")
                .contains("typing change: field 'quantity' NULLED (DESTINATION_TYPECAST_ERROR)")
                .containsPattern("psql \"postgresql://postgres@localhost:\\d+/postgres\"");
        assertThat(report).doesNotContain("\"type\":\"STATE\"");
    }
}

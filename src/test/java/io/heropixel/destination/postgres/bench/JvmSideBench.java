package io.heropixel.destination.postgres.bench;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.load.BinaryRow;
import io.heropixel.destination.postgres.load.JsonSanitizer;
import io.heropixel.destination.postgres.load.RawRowEncoder;
import io.heropixel.destination.postgres.load.RecordTyper;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.protocol.MessageReader;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.List;

/** Throwaway: JVM-side cost per record (reader + typer + raw encoder), no database. */
public final class JvmSideBench {
    private static TypedColumn column(String name, AirbyteType type, String sqlType) {
        return new TypedColumn(new ColumnPlan(name, Identifier.of(name), type), type, sqlType);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 1 ? args[1] : "all";
        List<TypedColumn> columns = List.of(
                column("id", AirbyteType.INTEGER, "bigint"),
                column("account_id", AirbyteType.INTEGER, "bigint"),
                column("name", AirbyteType.STRING, "character varying"),
                column("email", AirbyteType.STRING, "character varying"),
                column("status", AirbyteType.STRING, "character varying"),
                column("amount", AirbyteType.NUMBER, "numeric"),
                column("is_active", AirbyteType.BOOLEAN, "boolean"),
                column("created_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE, "timestamp with time zone"),
                column("updated_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE, "timestamp with time zone"),
                column("tags", AirbyteType.ARRAY, "jsonb"),
                column("attributes", AirbyteType.OBJECT, "jsonb"),
                column("comment", AirbyteType.STRING, "character varying"));
        for (int round = 0; round < Integer.parseInt(args[0]); round++) {
            RecordTyper typer = RecordTyper.forColumns(columns, 1, 1).orElseThrow();
            RawRowEncoder encoder = new RawRowEncoder(1, 1);
            BinaryRow raw = new BinaryRow();
            BinaryRow typed = new BinaryRow();
            OutputStream sink = OutputStream.nullOutputStream();
            long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long n = 0;
            long typedCount = 0;
            long readNs = 0;
            try (InputStream in = new FileInputStream("/tmp/input.jsonl")) {
                MessageReader reader = new MessageReader(in);
                InputMessage m;
                while ((m = reader.next()) != null) {
                    if (mode.equals("read") || !(m instanceof InputMessage.Record r)) {
                        n++;
                        continue;
                    }
                    n++;
                    byte[] rawId = encoder.newRawId();
                    boolean clean = JsonSanitizer.mayNeedCleaning(r.line(), r.dataStart(), r.dataEnd());
                    if (typer.type(r, clean, rawId, typed)) {
                        typed.writeTo(sink);
                        typedCount++;
                    }
                    encoder.writeBinary(r, clean, rawId, RawRowEncoder.NOT_LOADED, raw, sink);
                }
            }
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            System.out.printf(
                    "round %d: %d msgs, %d typed, wall %.0f ns/rec, thread cpu %.0f ns/rec%n",
                    round, n, typedCount, (double) wall / n, (double) cpu / n);
        }
    }
}

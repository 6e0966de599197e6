package io.heropixel.destination.postgres.bench;

import io.heropixel.destination.postgres.sql.QualifiedName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** Runs one case: generate the input, measure the floor, run the connector, check its output. */
final class CaseRunner {
    private final Server server;
    private final Settings settings;
    private final Path workDir;
    private final Console console;
    private final ConnectorRunner connectorRunner;

    /** What every case shares. */
    record Settings(long seed, long stateEvery, boolean floor, boolean connector, boolean keep, boolean directLoad) {}

    CaseRunner(Server server, Settings settings, Path workDir, Console console, ConnectorRunner connectorRunner) {
        this.server = server;
        this.connectorRunner = connectorRunner;
        this.settings = settings;
        this.workDir = workDir;
        this.console = console;
    }

    CaseResult run(String label, List<StreamSpec> streams) throws IOException, SQLException, InterruptedException {
        String database = database(label);
        Target target = server.createDatabase(database);
        Path input = workDir.resolve(label + "-input.jsonl");
        try {
            InputGenerator.Summary summary = generate(input, streams);
            FloorRunner.Result floor = null;
            if (settings.floor()) {
                FloorRunner floorRunner = new FloorRunner(settings.seed(), workDir);
                floor = settings.directLoad()
                        ? floorRunner.loadTyped(target, streams)
                        : floorRunner.load(target, streams);
                console.floor(label, floor);
                target.execute(FloorSql.dropSchema());
            }
            ConnectorRunner.Result connector = null;
            long rows = -1;
            if (settings.connector()) {
                connector = connector(target, streams, 1, input, label);
                rows = finalRows(target, streams);
            }
            long expected =
                    streams.stream().mapToLong(StreamSpec::expectedFinalRows).sum();
            String note = connector != null && connector.succeeded() ? bigRecordNote(target, streams) : "";
            return new CaseResult(
                    label,
                    summary.records(),
                    summary.bytes(),
                    summary.states(),
                    floor,
                    connector,
                    rows,
                    expected,
                    note);
        } finally {
            Files.deleteIfExists(input);
            dropUnlessKept(database);
        }
    }

    /**
     * A first sync of {@code base} (not the figure), then {@code changed} updates of existing keys as a
     * second sync: the figures are those of the second sync.
     */
    CaseResult runIncremental(String label, StreamSpec base, long changed)
            throws IOException, SQLException, InterruptedException {
        String database = database(label);
        Target target = server.createDatabase(database);
        StreamSpec changes = base.withChanges(base.records(), changed);
        Path baseInput = workDir.resolve(label + "-base.jsonl");
        Path changeInput = workDir.resolve(label + "-changes.jsonl");
        try {
            InputGenerator.Summary summary = generate(changeInput, List.of(changes));
            FloorRunner.Result floor = null;
            if (settings.floor()) {
                FloorRunner floorRunner = new FloorRunner(settings.seed(), workDir);
                floorRunner.load(target, List.of(base));
                floor = floorRunner.merge(target, changes);
                console.floor(label, floor);
                target.execute(FloorSql.dropSchema());
            }
            ConnectorRunner.Result connector = null;
            long rows = -1;
            String note = "";
            if (settings.connector()) {
                generate(baseInput, List.of(base));
                ConnectorRunner.Result first = connector(target, List.of(base), 1, baseInput, label + "-first");
                Files.deleteIfExists(baseInput);
                note = "first sync of " + base.records() + " records: "
                        + (first.succeeded()
                                ? String.format(
                                        Locale.ROOT, "%.1f s", first.process().seconds())
                                : "failed");
                if (first.succeeded()) {
                    connector = connector(target, List.of(changes), 2, changeInput, label);
                    rows = finalRows(target, List.of(base));
                }
            }
            return new CaseResult(
                    label,
                    changed,
                    summary.bytes(),
                    summary.states(),
                    floor,
                    connector,
                    rows,
                    base.expectedFinalRows(),
                    note);
        } finally {
            Files.deleteIfExists(baseInput);
            Files.deleteIfExists(changeInput);
            dropUnlessKept(database);
        }
    }

    /**
     * The same input written twice, as two syncs into one database: the first creates every table, the
     * second finds them (no floor: what these syncs measure is the work per stream, not per record).
     */
    List<CaseResult> runTwice(String label, List<StreamSpec> streams)
            throws IOException, SQLException, InterruptedException {
        String database = database(label);
        Target target = server.createDatabase(database);
        Path input = workDir.resolve(label + "-input.jsonl");
        try {
            InputGenerator.Summary summary = generate(input, streams);
            List<CaseResult> results = new java.util.ArrayList<>();
            for (int sync = 1; sync <= 2 && settings.connector(); sync++) {
                int copies = sync; // append streams keep both syncs' rows; dedup streams keep one per key
                long expected = streams.stream()
                        .mapToLong(
                                s -> s.mode() == Mode.APPEND ? copies * s.expectedFinalRows() : s.expectedFinalRows())
                        .sum();
                String name = label + (sync == 1 ? "-first" : "-second");
                ConnectorRunner.Result connector = connector(target, streams, sync, input, name);
                long rows = connector.succeeded() ? finalRows(target, streams) : -1;
                results.add(new CaseResult(
                        name,
                        summary.records(),
                        summary.bytes(),
                        summary.states(),
                        null,
                        connector,
                        rows,
                        expected,
                        ""));
                if (!connector.succeeded()) {
                    break;
                }
            }
            return results;
        } finally {
            Files.deleteIfExists(input);
            dropUnlessKept(database);
        }
    }

    private InputGenerator.Summary generate(Path input, List<StreamSpec> streams) throws IOException {
        long start = System.nanoTime();
        InputGenerator.Summary summary =
                new InputGenerator(settings.seed(), settings.stateEvery()).write(input, streams);
        console.line(String.format(
                Locale.ROOT,
                "  generated %,d records, %,d states, %.1f MB in %.1f s",
                summary.records(),
                summary.states(),
                summary.bytes() / 1e6,
                (System.nanoTime() - start) / 1e9));
        return summary;
    }

    private ConnectorRunner.Result connector(
            Target target, List<StreamSpec> streams, long syncId, Path input, String label)
            throws IOException, InterruptedException {
        checkpoint(target);
        ConnectorRunner.Result result = connectorRunner.write(target, streams, syncId, input, label);
        console.connector(label, result);
        return result;
    }

    /** Writes dirty pages out so that one measurement does not pay for the previous one's. */
    static void checkpoint(Target target) {
        try {
            target.execute("CHECKPOINT");
        } catch (SQLException e) {
            // not a superuser on an existing server: measure without it
        }
    }

    /** Rows in the connector's final tables ({@code bench.<stream>}), or -1 if one is missing. */
    private static long finalRows(Target target, List<StreamSpec> streams) {
        long rows = 0;
        for (StreamSpec stream : streams) {
            try {
                Object count = target.queryValue("SELECT count(*) FROM "
                        + QualifiedName.of(StreamSpec.NAMESPACE, stream.name()).quoted());
                rows += ((Number) count).longValue();
            } catch (SQLException e) {
                return -1;
            }
        }
        return rows;
    }

    /** For a stream with a big record: how long its {@code comment} arrived in the final table. */
    private static String bigRecordNote(Target target, List<StreamSpec> streams) {
        for (StreamSpec stream : streams) {
            if (stream.bigRecordChars() > 0) {
                try {
                    Object length = target.queryValue("SELECT length(\"comment\") FROM "
                            + QualifiedName.of(StreamSpec.NAMESPACE, stream.name())
                                    .quoted() + " WHERE \"id\" = 0");
                    return "big record comment: " + length + " of " + stream.bigRecordChars() + " characters loaded";
                } catch (SQLException e) {
                    return "big record not found: " + e.getMessage();
                }
            }
        }
        return "";
    }

    private String database(String label) {
        return "bench_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private void dropUnlessKept(String database) throws SQLException {
        if (!settings.keep()) {
            server.dropDatabase(database);
        }
    }
}

package io.heropixel.destination.postgres.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark of the connector's {@code write} against the floor Postgres sets (see
 * docs/benchmarks.md). Run it with {@code bin/benchmark}; it is not part of {@code ./mvnw test}.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Generates Airbyte protocol input, measures the Postgres floor (COPY + typing SQL) and"
                + " the connector's write on the same data, prints the figures and appends them to"
                + " the results log in docs/benchmarks-log.md.")
public final class Benchmark implements Callable<Integer> {
    @Option(
            names = "--scenario",
            description = "quick, dedup, append, scale, incremental, big-record, streams or all (default: quick).")
    Scenario scenario = Scenario.QUICK;

    @Option(names = "--records", description = "Records of a case (default: ${DEFAULT-VALUE}).")
    long records = 1_000_000;

    @Option(names = "--mode", description = "APPEND or DEDUP (default: ${DEFAULT-VALUE}).")
    Mode mode = Mode.DEDUP;

    @Option(names = "--shape", description = "NARROW, WIDE or NESTED (default: ${DEFAULT-VALUE}).")
    Shape shape = Shape.NARROW;

    @Option(names = "--streams", description = "Streams sharing --records in the QUICK case (default: 1).")
    int streams = 1;

    @Option(names = "--scale-records", description = "Large case of SCALE (default: ${DEFAULT-VALUE}).")
    long scaleRecords = 10_000_000;

    @Option(names = "--base-records", description = "First sync of INCREMENTAL (default: ${DEFAULT-VALUE}).")
    long baseRecords = 2_000_000;

    @Option(names = "--changed-records", description = "Second sync of INCREMENTAL (default: ${DEFAULT-VALUE}).")
    long changedRecords = 10_000;

    @Option(names = "--big-record-mb", description = "Size of the BIG_RECORD record (default: ${DEFAULT-VALUE}).")
    int bigRecordMb = 64;

    @Option(names = "--seed", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
            names = "--state-every",
            description = "A STATE after this many records of a stream (default: ${DEFAULT-VALUE}).")
    long stateEvery = 10_000;

    @Option(
            names = "--direct-load",
            description = "Run the connector with direct_load (final tables only) and compare it with the typed"
                    + " floor: a COPY of the rows already typed, plus the DISTINCT ON merge for dedup.")
    boolean directLoad;

    @Option(names = "--many-streams", description = "Streams in the many-streams scenario (default: ${DEFAULT-VALUE}).")
    int manyStreams = 1_000;

    @Option(
            names = "--many-records",
            description = "Records per stream in the many-streams scenario (default: ${DEFAULT-VALUE}).")
    int manyRecords = 20;

    @Option(names = "--jdbc-url", description = "Use this server instead of an embedded one (the user needs CREATEDB).")
    String jdbcUrl;

    @Option(
            names = "--citus",
            description = "With --jdbc-url of a Citus coordinator: make each case's database a Citus database"
                    + " (the extension on the coordinator and its workers, the workers added).")
    boolean citus;

    @Option(names = "--user", description = "User for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String user = "postgres";

    @Option(
            names = "--password-env",
            description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
    String passwordEnv = "PGPASSWORD";

    @Option(names = "--jar", description = "The connector jar (default: ${DEFAULT-VALUE}).")
    Path jar = Path.of("target/destination-postgres.jar");

    @Option(names = "--java-opt", description = "JVM option for the connector process (repeatable).")
    List<String> javaOptions = new ArrayList<>();

    @Option(
            names = "--work-dir",
            description = "Directory for inputs and logs (default: a new directory under target/benchmark).")
    Path workDir;

    @Option(names = "--no-floor", negatable = true, description = "Measure the floor (default: true).")
    boolean floor = true;

    @Option(names = "--no-connector", negatable = true, description = "Run the connector (default: true).")
    boolean connector = true;

    @Option(names = "--no-log", negatable = true, description = "Append the figures to --results (default: true).")
    boolean log = true;

    @Option(names = "--results", description = "Results file (default: ${DEFAULT-VALUE}).")
    Path results = Path.of("docs/benchmarks-log.md");

    @Option(names = "--note", description = "A note for the results log (e.g. what else ran on the machine).")
    String note = "";

    @Option(names = "--keep", description = "Keep the databases and the work directory.")
    boolean keep;

    private final List<String> args = new ArrayList<>();

    public static void main(String[] argv) {
        Benchmark benchmark = new Benchmark();
        benchmark.args.addAll(List.of(argv));
        CommandLine commandLine = new CommandLine(benchmark)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Scenario.class, Scenario::parse);
        System.exit(commandLine.execute(argv));
    }

    @Override
    public Integer call() throws Exception {
        Console console = new Console(System.out);
        Path dir = workDir != null
                ? Files.createDirectories(workDir)
                : Files.createTempDirectory(Files.createDirectories(Path.of("target", "benchmark")), "run-");
        if (connector && !Files.isRegularFile(jar)) {
            console.line("No connector jar at " + jar + ": build it with ./mvnw -q -B -DskipTests package"
                    + " (bin/benchmark does), or pass --no-connector.");
            return 2;
        }
        String loadBefore = Machine.loadAverage();
        boolean failed = true;
        try (Server server = jdbcUrl == null
                ? Server.embedded()
                : external(Server.external(jdbcUrl, user, System.getenv().getOrDefault(passwordEnv, "")))) {
            String postgres =
                    server.version() + (server.isEmbedded() ? " (embedded, fsync off)" : " (" + jdbcUrl + ")");
            Machine machine = Machine.current();
            console.line("benchmark " + scenario + " on " + machine.describe() + ", PostgreSQL " + postgres
                    + ", load average " + loadBefore + ", work dir " + dir);
            CaseRunner.Settings settings =
                    new CaseRunner.Settings(seed, stateEvery, floor, connector, keep, directLoad);
            ConnectorRunner connectorRunner = new ConnectorRunner(jar, javaOptions, dir, directLoad);
            Scenarios scenarios =
                    new Scenarios(new CaseRunner(server, settings, dir, console, connectorRunner), console, this);
            scenarios.run(scenario);
            ResultsLog.Context context = new ResultsLog.Context(
                    "bin/benchmark " + commandLine(args),
                    machine.describe(),
                    postgres,
                    loadBefore,
                    Machine.loadAverage(),
                    connectorJvmOptions(),
                    System.getenv().getOrDefault("BENCH_COMMIT", "unknown"),
                    note);
            String markdown = ResultsLog.render(context, scenarios.cases(), scenarios.checks());
            console.line(markdown);
            if (log) {
                ResultsLog.append(results, markdown);
                console.line("Appended to " + results);
            }
            failed = scenarios.cases().stream().anyMatch(c -> connector && !c.connectorSucceeded());
            if (failed) {
                console.line("A connector run failed: its logs stay in " + dir);
            }
            return failed ? 1 : 0;
        } finally {
            if (!keep && !failed && workDir == null) {
                deleteTree(dir);
            }
        }
    }

    private Server external(Server server) {
        return citus ? server.withCitus() : server;
    }

    /** The arguments as a shell would need them (single quotes around those with spaces). */
    static String commandLine(List<String> arguments) {
        return arguments.stream()
                .map(a -> a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" "));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** What the results log says about the connector JVM's options. */
    private String connectorJvmOptions() {
        String extra = String.join(" ", javaOptions);
        if (!Files.isExecutable(ConnectorRunner.LAUNCHER)) {
            return extra.isEmpty() ? "none" : extra;
        }
        return "bin/destination-postgres defaults" + (extra.isEmpty() ? "" : ", then " + extra);
    }
}

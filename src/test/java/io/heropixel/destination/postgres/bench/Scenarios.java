package io.heropixel.destination.postgres.bench;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs scenarios and turns their cases into the target checks of docs/benchmarks.md. */
final class Scenarios {
    private static final String NOT_MEASURED = "not measured (connector failed or not run)";

    private final CaseRunner runner;
    private final Console console;
    private final Benchmark options;
    private final List<CaseResult> cases = new ArrayList<>();
    private final List<TargetCheck> checks = new ArrayList<>();

    Scenarios(CaseRunner runner, Console console, Benchmark options) {
        this.runner = runner;
        this.console = console;
        this.options = options;
    }

    List<CaseResult> cases() {
        return cases;
    }

    List<TargetCheck> checks() {
        return checks;
    }

    void run(Scenario scenario) throws IOException, SQLException, InterruptedException {
        switch (scenario) {
            case QUICK -> quick();
            case DEDUP -> ratio(Mode.DEDUP, "1 M narrow append+dedup connector/floor");
            case APPEND -> ratio(Mode.APPEND, "1 M narrow append connector/floor");
            case SCALE -> scale();
            case INCREMENTAL -> incremental();
            case BIG_RECORD -> bigRecord();
            case STREAMS -> streams();
            case MANY_STREAMS -> manyStreams();
            case ALL -> {
                for (Scenario each : List.of(
                        Scenario.DEDUP,
                        Scenario.APPEND,
                        Scenario.SCALE,
                        Scenario.INCREMENTAL,
                        Scenario.BIG_RECORD,
                        Scenario.STREAMS,
                        Scenario.MANY_STREAMS)) {
                    run(each);
                }
            }
        }
    }

    private void quick() throws IOException, SQLException, InterruptedException {
        List<StreamSpec> streams = split(options.shape, options.mode, options.records, options.streams);
        CaseResult r = runCase(label(options.shape, options.mode, options.records, options.streams), streams);
        if (options.shape == Shape.NARROW && options.streams == 1 && options.records == 1_000_000) {
            String target = options.mode == Mode.DEDUP
                    ? "1 M narrow append+dedup connector/floor"
                    : "1 M narrow append connector/floor";
            checks.add(new TargetCheck(directLoad(target), ratioGoal(), ratio(r)));
        }
        checks.add(new TargetCheck("peak RSS at " + human(options.records), "<= 400 MB", rss(r)));
    }

    private void ratio(Mode mode, String target) throws IOException, SQLException, InterruptedException {
        CaseResult r =
                runCase(label(Shape.NARROW, mode, options.records, 1), split(Shape.NARROW, mode, options.records, 1));
        checks.add(new TargetCheck(directLoad(target.replace("1 M", human(options.records))), ratioGoal(), ratio(r)));
    }

    private void scale() throws IOException, SQLException, InterruptedException {
        Mode mode = options.mode;
        CaseResult small =
                runCase(label(Shape.NARROW, mode, options.records, 1), split(Shape.NARROW, mode, options.records, 1));
        CaseResult large = runCase(
                label(Shape.NARROW, mode, options.scaleRecords, 1), split(Shape.NARROW, mode, options.scaleRecords, 1));
        double ratio = large.connectorSeconds() / small.connectorSeconds();
        checks.add(new TargetCheck(
                human(options.scaleRecords) + "/" + human(options.records) + " time",
                "<= " + f("%.1f", 1.05 * options.scaleRecords / options.records),
                Double.isNaN(ratio) ? NOT_MEASURED : f("%.2f", ratio)));
        checks.add(new TargetCheck("peak RSS at " + human(options.records), "<= 400 MB", rss(small)));
        checks.add(new TargetCheck("peak RSS at " + human(options.scaleRecords), "<= 400 MB", rss(large)));
    }

    private void incremental() throws IOException, SQLException, InterruptedException {
        StreamSpec base = StreamSpec.of("narrow", Shape.NARROW, Mode.DEDUP, options.baseRecords);
        String label = "incremental-" + human(options.changedRecords) + "-into-" + human(options.baseRecords);
        console.line("case " + label);
        CaseResult r = runner.runIncremental(label, base, options.changedRecords);
        record(r);
        String target = "incremental " + human(options.changedRecords) + " into " + human(options.baseRecords);
        if (!r.connectorSucceeded()) {
            checks.add(new TargetCheck(target, "<= 1 s", NOT_MEASURED));
            return;
        }
        double typing = r.connector().typingSeconds();
        checks.add(new TargetCheck(
                target + ", typing+dedup of the second sync",
                "<= 1 s",
                Double.isNaN(typing) ? "not reported by the connector" : f("%.2f s (connector stderr)", typing)));
        checks.add(
                new TargetCheck(target + ", whole second write", "(for reference)", f("%.2f s", r.connectorSeconds())));
    }

    private void bigRecord() throws IOException, SQLException, InterruptedException {
        int chars = options.bigRecordMb * 1024 * 1024;
        StreamSpec stream =
                StreamSpec.of("big", Shape.NARROW, Mode.APPEND, 1000).withBigRecord(chars);
        CaseResult r = runCase("big-record-" + options.bigRecordMb + "mb", List.of(stream));
        checks.add(new TargetCheck(
                "one " + options.bigRecordMb + " MB record loads, bounded memory",
                "loads; peak RSS <= 400 MB",
                r.connectorSucceeded() ? rss(r) + "; " + r.note() : NOT_MEASURED));
    }

    private void streams() throws IOException, SQLException, InterruptedException {
        Mode mode = options.mode;
        CaseResult four =
                runCase(label(Shape.NARROW, mode, options.records, 4), split(Shape.NARROW, mode, options.records, 4));
        CaseResult one =
                runCase(label(Shape.NARROW, mode, options.records, 1), split(Shape.NARROW, mode, options.records, 1));
        double ratio = four.connectorSeconds() / one.connectorSeconds();
        checks.add(new TargetCheck(
                "4x" + human(options.records / 4) + " vs 1x" + human(options.records) + " time",
                "<= 1.0",
                Double.isNaN(ratio) ? NOT_MEASURED : f("%.2f", ratio)));
    }

    private void manyStreams() throws IOException, SQLException, InterruptedException {
        Mode mode = options.mode;
        long records = (long) options.manyStreams * options.manyRecords;
        List<StreamSpec> streams = split(Shape.NARROW, mode, records, options.manyStreams);
        String label = options.manyStreams + "x" + Shape.NARROW.lowerName() + "-"
                + mode.name().toLowerCase(Locale.ROOT) + "-" + options.manyRecords;
        console.line("case " + label + " (two syncs of the same input)");
        List<CaseResult> syncs = runner.runTwice(label, streams);
        String target = human(options.manyStreams) + " streams x " + options.manyRecords + " records";
        String[] which = {"first sync", "second sync"};
        for (int i = 0; i < syncs.size(); i++) {
            CaseResult r = syncs.get(i);
            record(r);
            checks.add(new TargetCheck(
                    target + ", " + which[i],
                    "<= 10 s",
                    r.connectorSucceeded() ? f("%.1f s", r.connectorSeconds()) : NOT_MEASURED));
        }
    }

    /** With --direct-load, the targets compare with the typed floor and allow 1.3 of it. */
    private String directLoad(String target) {
        return options.directLoad ? target.replace("connector/floor", "direct_load connector/typed floor") : target;
    }

    private String ratioGoal() {
        return options.directLoad ? "<= 1.3" : "<= 1.0";
    }

    private CaseResult runCase(String label, List<StreamSpec> streams)
            throws IOException, SQLException, InterruptedException {
        console.line("case " + label);
        CaseResult r = runner.run(label, streams);
        record(r);
        return r;
    }

    private void record(CaseResult r) {
        console.summary(r);
        cases.add(r);
    }

    /** {@code count} streams that share {@code records}, named after the shape (numbered when several). */
    static List<StreamSpec> split(Shape shape, Mode mode, long records, int count) {
        List<StreamSpec> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long share = records / count + (i < records % count ? 1 : 0);
            String name = count == 1 ? shape.lowerName() : shape.lowerName() + "_" + (i + 1);
            streams.add(StreamSpec.of(name, shape, mode, share).withOrdinal(i));
        }
        return streams;
    }

    private static String label(Shape shape, Mode mode, long records, int streams) {
        return (streams == 1 ? "" : streams + "x") + shape.lowerName() + "-"
                + mode.name().toLowerCase(Locale.ROOT) + "-" + human(streams == 1 ? records : records / streams);
    }

    static String human(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return n / 1_000 + "k";
        }
        return Long.toString(n);
    }

    private static String ratio(CaseResult r) {
        if (!r.connectorSucceeded()) {
            return NOT_MEASURED;
        }
        return r.floor() == null ? "not measured (no floor)" : f("%.2f", r.ratio());
    }

    private static String rss(CaseResult r) {
        return r.connectorSucceeded() ? f("%.0f MB", r.connector().process().peakRssMb()) : "not measured";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

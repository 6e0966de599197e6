package io.heropixel.destination.postgres.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Appends the figures of a run to the results log at the end of docs/benchmarks-log.md. */
final class ResultsLog {
    private ResultsLog() {}

    /** Where a run happened and how. */
    record Context(
            String command,
            String machine,
            String postgres,
            String loadBefore,
            String loadAfter,
            String jvmOptions,
            String commit,
            String note) {}

    static String render(Context context, List<CaseResult> cases, List<TargetCheck> checks) {
        StringBuilder md = new StringBuilder();
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        md.append("\n### ")
                .append(now)
                .append(" UTC: `")
                .append(context.command())
                .append("`\n\n");
        md.append("- Machine: ").append(context.machine()).append("\n");
        md.append("- PostgreSQL: ").append(context.postgres()).append("\n");
        md.append("- Load average (1 min) before / after: ")
                .append(context.loadBefore())
                .append(" / ")
                .append(context.loadAfter())
                .append("\n");
        md.append("- Connector: commit ")
                .append(context.commit())
                .append(", JVM options: ")
                .append(context.jvmOptions())
                .append("\n");
        if (!context.note().isEmpty()) {
            md.append("- Note: ").append(context.note()).append("\n");
        }
        md.append("\n| case | records | input MB | floor s (COPY + typing) | floor records/s | connector s"
                + " | connector records/s | connector MB/s | connector / floor | peak RSS MB | check |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (CaseResult r : cases) {
            md.append(row(r)).append("\n");
        }
        String cpu = machineCpu(cases);
        if (!cpu.isEmpty()) {
            md.append("\nMachine CPU time during each measured run (all processes, summed over the CPUs):\n\n")
                    .append(cpu);
        }
        if (!checks.isEmpty()) {
            md.append("\n| target | goal | measured |\n|---|---|---|\n");
            for (TargetCheck check : checks) {
                md.append("| ")
                        .append(check.target())
                        .append(" | ")
                        .append(check.goal())
                        .append(" | ")
                        .append(check.measured())
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    static void append(Path file, String markdown) throws IOException {
        Files.writeString(file, markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String machineCpu(List<CaseResult> cases) {
        StringBuilder lines = new StringBuilder();
        for (CaseResult r : cases) {
            if (r.floor() != null && r.floor().machineCpu().isPresent()) {
                lines.append("- ")
                        .append(r.label())
                        .append(" floor: ")
                        .append(r.floor().machineCpu().get().describe())
                        .append("\n");
            }
            if (r.connector() != null && r.connector().process().machineCpu().isPresent()) {
                lines.append("- ")
                        .append(r.label())
                        .append(" connector: ")
                        .append(r.connector().process().machineCpu().get().describe())
                        .append("\n");
            }
        }
        return lines.toString();
    }

    private static String row(CaseResult r) {
        String floor = r.floor() == null
                ? "not measured"
                : f(
                        "%.2f (%.2f + %.2f)",
                        r.floorSeconds(), r.floor().copySeconds(), r.floor().typingSeconds());
        String floorRate = r.floor() == null ? "" : f("%,.0f", r.recordsPerSecond(r.floorSeconds()));
        boolean ok = r.connectorSucceeded();
        String check = r.check() + (r.note().isEmpty() ? "" : "; " + r.note());
        return String.join(
                " | ",
                "| " + r.label(),
                f("%,d", r.records()),
                f("%.1f", r.inputBytes() / 1e6),
                floor,
                floorRate,
                ok ? f("%.2f", r.connectorSeconds()) : "",
                ok ? f("%,.0f", r.recordsPerSecond(r.connectorSeconds())) : "",
                ok ? f("%.1f", r.megabytesPerSecond(r.connectorSeconds())) : "",
                ok && r.floor() != null ? f("%.2f", r.ratio()) : "",
                r.connector() != null ? f("%.0f", r.connector().process().peakRssMb()) : "",
                check.replace("|", "/") + " |");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

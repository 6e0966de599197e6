package io.heropixel.destination.postgres.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/** The benchmark's progress and figures on its standard output (the benchmark is not the connector). */
final class Console {
    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    void floor(String label, FloorRunner.Result floor) {
        line(String.format(
                Locale.ROOT,
                "  [%s] floor: COPY %.2f s + typing %.2f s = %.2f s",
                label,
                floor.copySeconds(),
                floor.typingSeconds(),
                floor.totalSeconds()));
        floor.machineCpu().ifPresent(cpu -> line("    machine CPU: " + cpu.describe()));
    }

    void connector(String label, ConnectorRunner.Result result) throws IOException {
        MeasuredProcess.Result p = result.process();
        line(String.format(
                Locale.ROOT,
                "  [%s] connector: exit %d after %.2f s, peak RSS %.0f MB, %d states echoed",
                label,
                p.exitCode(),
                p.seconds(),
                p.peakRssMb(),
                result.statesEchoed()));
        p.machineCpu().ifPresent(cpu -> line("    machine CPU: " + cpu.describe()));
        for (String phase : result.phaseLines()) {
            line("    stderr: " + phase);
        }
        if (!result.succeeded()) {
            line("    connector stderr (last lines, full log in " + p.stderr() + "):");
            line(ConnectorRunner.tail(p.stderr(), 15).indent(6).stripTrailing());
        }
    }

    void summary(CaseResult r) {
        line(String.format(
                Locale.ROOT,
                "== %s: %,d records, %.1f MB of protocol input",
                r.label(),
                r.records(),
                r.inputBytes() / 1e6));
        if (r.floor() != null) {
            line(String.format(
                    Locale.ROOT,
                    "   floor     %8.2f s  %,12.0f records/s  %8.1f MB/s",
                    r.floorSeconds(),
                    r.recordsPerSecond(r.floorSeconds()),
                    r.megabytesPerSecond(r.floorSeconds())));
        }
        if (r.connectorSucceeded()) {
            line(String.format(
                    Locale.ROOT,
                    "   connector %8.2f s  %,12.0f records/s  %8.1f MB/s  peak RSS %.0f MB",
                    r.connectorSeconds(),
                    r.recordsPerSecond(r.connectorSeconds()),
                    r.megabytesPerSecond(r.connectorSeconds()),
                    r.connector().process().peakRssMb()));
        }
        if (r.floor() != null && r.connectorSucceeded()) {
            line(String.format(Locale.ROOT, "   connector / floor = %.2f", r.ratio()));
        }
        line("   check: " + r.check() + (r.note().isEmpty() ? "" : "; " + r.note()));
    }
}

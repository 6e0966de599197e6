package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.config.CdcDeletionMode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Runs a history through the real {@code write} command (in this JVM; a separate JVM for attempts that are
 * killed) against a fresh database, and compares every raw and final table and the echoed STATEs with the
 * model after every attempt that ran to its end. Returns the first mismatch.
 */
final class HistoryRunner {
    private HistoryRunner() {}

    static Optional<String> run(History history) {
        TestDatabase db = ModelTarget.newDatabase();
        try {
            return run(history, db);
        } finally {
            ModelTarget.drop(db);
        }
    }

    private static Optional<String> run(History history, TestDatabase db) {
        return run(
                history,
                db,
                new Model(history.schema(), history.rawDataSchema(), history.cdcDeletionMode(), history.directLoad()));
    }

    /** Runs the history against {@code db}, updating {@code model}; the first mismatch. */
    static Optional<String> run(History history, TestDatabase db, Model model) {
        Random random = new Random(history.seed() ^ 0x5DEECE66DL);
        for (int i = 0; i < history.syncs().size(); i++) {
            SyncSpec sync = history.syncs().get(i);
            JsonNode catalog = Lines.catalog(sync.streams());
            Attempt first = Platform.first(sync);
            int echoed;
            if (first.killed()) {
                List<String> lines = Platform.lines(sync, first);
                List<String> expected = Model.echoes(first.events());
                List<String> actual = KilledAttempt.run(
                        config(history, db),
                        catalog,
                        lines,
                        expected.size(),
                        random,
                        sync.ending() == Ending.KILLED_AT_END);
                if (actual.size() > expected.size()
                        || !expected.subList(0, actual.size()).equals(actual)) {
                    return Optional.of(where(i, "killed attempt") + "echoed states are not a prefix of the sent ones:"
                            + "\n  echoed:   " + actual + "\n  expected: " + expected);
                }
                echoed = actual.size();
                Attempt killed = new Attempt(first.events(), null, true, Platform.window(sync, echoed));
                model.apply(sync, killed, Platform.acknowledged(sync, echoed));
                model.killedAttemptLeft(TableCheck.finalGenerations(db, model));
            } else {
                Optional<String> problem = attempt(db, config(history, db), model, sync, first, i, "first attempt");
                if (problem.isPresent()) {
                    return problem;
                }
                echoed = Model.echoes(first.events()).size();
            }
            if (sync.ending() != Ending.COMPLETE) {
                Attempt retry = Platform.retry(sync, echoed);
                Optional<String> problem = attempt(db, config(history, db), model, sync, retry, i, "retry");
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> attempt(
            TestDatabase db,
            com.fasterxml.jackson.databind.node.ObjectNode config,
            Model model,
            SyncSpec sync,
            Attempt attempt,
            int index,
            String which) {
        List<String> lines = Platform.lines(sync, attempt);
        ConnectorRun run =
                ConnectorRun.inProcessWrite(config, Lines.catalog(sync.streams()), String.join("\n", lines) + "\n");
        List<String> expectedEchoes = model.apply(sync, attempt, List.of());
        List<String> problems = new ArrayList<>();
        if (run.exitCode() != 0 || !run.errorTraces().isEmpty()) {
            problems.add("write exited with " + run.exitCode() + ", errors " + run.errorTraces() + "\n"
                    + tail(run.stderr()));
        }
        List<String> echoes = run.stdout()
                .lines()
                .filter(l -> l.startsWith("{\"type\":\"STATE\""))
                .toList();
        if (!echoes.equals(expectedEchoes)) {
            problems.add("echoed states differ:\n  echoed:   " + String.join("\n            ", echoes)
                    + "\n  expected: " + String.join("\n            ", expectedEchoes));
        }
        problems.addAll(TableCheck.compare(db, model));
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(where(index, which) + String.join("\n", problems));
    }

    /**
     * The database's config with the history's {@code schema}, {@code raw_data_schema} and {@code
     * cdc_deletion_mode} (left out for hard deletes, the default).
     */
    static com.fasterxml.jackson.databind.node.ObjectNode config(History history, TestDatabase db) {
        com.fasterxml.jackson.databind.node.ObjectNode config = db.config();
        config.put("schema", history.schema());
        config.put("raw_data_schema", history.rawDataSchema());
        if (history.cdcDeletionMode() != CdcDeletionMode.HARD_DELETE) {
            config.put("cdc_deletion_mode", history.cdcDeletionMode().value());
        }
        if (history.directLoad()) {
            config.put("direct_load", true);
        }
        return config;
    }

    private static String where(int sync, String attempt) {
        return "after sync " + (sync + 1) + " (" + attempt + "): ";
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : "..." + text.substring(text.length() - 3000);
    }
}

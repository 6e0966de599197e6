package io.heropixel.destination.postgres.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heropixel.destination.postgres.cli.Main;
import io.heropixel.destination.postgres.testing.ConnectorProcess;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: real syncs into an embedded server, a report, and the commands to go on with. */
class DemoCommandTest {
    private static final Pattern REMOVED = Pattern.compile("removed (\\S+) \\(--stop\\)");

    @Test
    void sampleDemoShowsFinalTablesFirstKeepsLogsOffTheScreenAndRemovesEverythingOnStop() {
        Screen screen = demo("demo", "--stop", "--records", "300");

        assertThat(screen.exit).isEqualTo(0);
        assertThat(screen.out)
                .contains("Starting an embedded Postgres server", "Loading sample sync 1 of 2", "Loading sample sync 2")
                .containsSubsequence(
                        "Your tables",
                        "demo.customers",
                        "demo.orders  (600 rows)", // 300 orders per sync, appended twice
                        "demo.products  (300 rows)", // overwritten by sync 2
                        "Internal tables",
                        "airbyte_internal.demo_raw__stream_customers  (600 rows)  raw table")
                .contains("typing change: field 'quantity' NULLED (DESTINATION_TYPECAST_ERROR)")
                .doesNotContain("\"type\":\"STATE\"", "ERROR:", "initdb", "INFO");
        // The server's, initdb's and the connector's logs went to the demo's log file, not to stderr.
        assertThat(screen.err).isEmpty();
        assertThat(stoppedDirectory(screen.out)).doesNotExist();
    }

    @Test
    void userDataShowsTheUsersFinalTablesAndLabelsInternalOnes(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(
                dir.resolve("config.json"),
                "{\"host\":\"elsewhere\",\"port\":1,\"username\":\"x\",\"password\":\"p\",\"database\":\"x\","
                        + "\"schema\":\"analytics\",\"raw_data_schema\":\"loading\"}");
        Path catalog = Files.writeString(
                dir.resolve("catalog.json"),
                "{\"streams\":[{\"stream\":{\"name\":\"items\",\"json_schema\":{\"type\":\"object\",\"properties\":"
                        + "{\"id\":{\"type\":\"integer\"},\"label\":{\"type\":\"string\"}}},"
                        + "\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"full_refresh\","
                        + "\"destination_sync_mode\":\"append\",\"generation_id\":1,\"minimum_generation_id\":0,"
                        + "\"sync_id\":1}]}");
        Path messages = Files.writeString(
                dir.resolve("messages.jsonl"),
                "{\"type\":\"RECORD\",\"record\":{\"stream\":\"items\",\"data\":{\"id\":1,\"label\":\"one\"},"
                        + "\"emitted_at\":1}}\n"
                        + "{\"type\":\"RECORD\",\"record\":{\"stream\":\"items\",\"data\":{\"id\":2,\"label\":\"two\"},"
                        + "\"emitted_at\":2}}\n");

        Screen screen = demo(
                "demo",
                "--stop",
                "--config",
                config.toString(),
                "--catalog",
                catalog.toString(),
                "--messages",
                messages.toString());

        assertThat(screen.exit).isEqualTo(0);
        assertThat(screen.out)
                .contains("Loading your data (messages.jsonl, streams of catalog.json) ...", "done in")
                .containsSubsequence(
                        "Your tables",
                        "analytics.items  (2 rows)",
                        "id=1  label=one",
                        "Internal tables",
                        "loading.analytics_raw__stream_items  (2 rows)  raw table");
        assertThat(screen.err).isEmpty();
        assertThat(stoppedDirectory(screen.out)).doesNotExist();
    }

    @Test
    void failedSyncSaysWhyStopsTheServerAndKeepsOnlyTheLog(@TempDir Path dir) throws IOException {
        Path catalog = Files.writeString(
                dir.resolve("catalog.json"),
                "{\"streams\":[{\"stream\":{\"name\":\"items\",\"json_schema\":{\"type\":\"object\"},"
                        + "\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"full_refresh\","
                        + "\"destination_sync_mode\":\"append\",\"generation_id\":1,\"minimum_generation_id\":0,"
                        + "\"sync_id\":1}]}");
        Path messages = Files.writeString(dir.resolve("messages.jsonl"), "this is not JSON\n");

        Screen screen = demo("demo", "--stop", "--catalog", catalog.toString(), "--messages", messages.toString());

        assertThat(screen.exit).isNotEqualTo(0);
        assertThat(screen.out)
                .contains(
                        "Loading your data (messages.jsonl, streams of catalog.json) ...",
                        "failed (exit code " + screen.exit + "): ");
        Path log = Path.of(find(screen.out, "kept in (\\S+)\\.\\n"));
        try (var files = Files.list(log.getParent())) {
            assertThat(files).containsExactly(log);
        }
        assertThat(Files.readString(log)).contains("database system is ready to accept connections");
        Files.delete(log);
        Files.delete(log.getParent());
    }

    /**
     * The real thing, as a person runs it: a separate JVM; the printed config passes {@code check}, the printed
     * write runs, the server's log is in the file named; then Ctrl-C (SIGINT to the process group, as a terminal
     * sends it) stops the server and removes the directory, quietly.
     */
    @Test
    void printedCommandsWorkAndCtrlCLeavesNothingBehind(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("setsid") && onPath("kill"), "needs setsid and kill to send a terminal's Ctrl-C");
        List<String> command = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT"));
        command.addAll(ConnectorProcess.command(List.of(), "demo", "--records", "100"));
        Path stderr = dir.resolve("stderr.txt");
        Process process =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try {
            StringBuilder out = new StringBuilder();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.append(line).append('\n');
                if (line.contains("press Ctrl-C")) {
                    break;
                }
            }
            String ready = out.toString();
            Path config = Path.of(find(ready, "bin/destination-postgres check --config (\\S+)\\n"));
            Path directory = config.getParent();
            assertThat(ready)
                    .contains("its config: " + config + ")")
                    .containsPattern("psql \"postgresql://postgres@localhost:\\d+/postgres\"");

            ConnectorRun check = ConnectorRun.inProcess("check", "--config", config.toString());
            assertThat(check.stdout()).contains("\"status\":\"SUCCEEDED\"");
            Matcher write = Pattern.compile("bin/destination-postgres (write --config \\S+ --catalog \\S+) < (\\S+)\\n")
                    .matcher(ready);
            assertThat(write.find()).isTrue();
            try (InputStream in = Files.newInputStream(Path.of(write.group(2)))) {
                int exit = ConnectorRun.execute(
                        in,
                        new ByteArrayOutputStream(),
                        new ByteArrayOutputStream(),
                        write.group(1).split(" "));
                assertThat(exit).isEqualTo(0);
            }
            Path log = Path.of(find(ready, "server and connector logs go to (\\S+)\\n"));
            assertThat(log.getParent()).isEqualTo(directory);
            assertThat(Files.readString(log)).contains("database system is ready to accept connections");
            long postmaster = Long.parseLong(Files.readAllLines(directory.resolve("pgdata/postmaster.pid"))
                    .get(0));

            new ProcessBuilder("kill", "-INT", "--", "-" + process.pid())
                    .start()
                    .waitFor();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(rest).contains("Stopped the demo server and removed " + directory);
            assertThat(directory).doesNotExist();
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true));
            assertThat(ready + rest).doesNotContain("ERROR:", "initdb", "INFO", "WARN");
            assertThat(Files.readString(stderr)).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    private record Screen(int exit, String out, String err) {}

    /** Runs the demo in this JVM with stdout and stderr captured. */
    private static Screen demo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute(args, java.io.InputStream.nullInputStream(), out, err);
        } finally {
            System.setErr(previousErr);
        }
        return new Screen(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path stoppedDirectory(String out) {
        return Path.of(find(out, REMOVED.pattern()));
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in:%n%s", regex, text).isTrue();
        return matcher.group(1);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

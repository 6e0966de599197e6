package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the connector's {@code write} as a subprocess, the way users run it: through {@code
 * bin/destination-postgres} (so with its default JVM options), with {@code DESTINATION_POSTGRES_JAR=JAR} and
 * {@code JAVA_OPTS} set to the {@code --java-opt}s, which override the defaults. Without the launcher (the
 * benchmark run from elsewhere): {@code java OPTS -jar JAR write --config C --catalog K < input}.
 */
final class ConnectorRunner {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PHASE_LINE =
            Pattern.compile("(?i)\\b(typ\\w*|dedup\\w*|merg\\w*|phase)\\b.*\\d+(\\.\\d+)?\\s*(ms|s)\\b");

    /** The connector's progress summary: {@code ...; setup 0.0s, load 1.1s, typing 3.0s (1 passes)}. */
    private static final Pattern TYPING_TIME = Pattern.compile("\\btyping (\\d+(?:\\.\\d+)?)\\s?s\\b");

    /** The connector's launcher, relative to the repository root (bin/benchmark runs from there). */
    static final Path LAUNCHER = Path.of("bin", "destination-postgres");

    private final Path jar;
    private final List<String> javaOptions;
    private final Path workDir;
    private final boolean directLoad;

    ConnectorRunner(Path jar, List<String> javaOptions, Path workDir, boolean directLoad) {
        this.jar = jar;
        this.javaOptions = List.copyOf(javaOptions);
        this.workDir = workDir;
        this.directLoad = directLoad;
    }

    /** One run: the process figures and the STATE messages it echoed. */
    record Result(MeasuredProcess.Result process, long statesEchoed, List<String> phaseLines) {
        boolean succeeded() {
            return process.exitCode() == 0;
        }

        /** The typing (and dedup) seconds the connector reported on stderr, summed over streams; NaN if none. */
        double typingSeconds() {
            double total = 0;
            boolean found = false;
            for (String line : phaseLines) {
                Matcher m = TYPING_TIME.matcher(line);
                while (m.find()) {
                    total += Double.parseDouble(m.group(1));
                    found = true;
                }
            }
            return found ? total : Double.NaN;
        }
    }

    Result write(Target target, List<StreamSpec> streams, long syncId, Path input, String label)
            throws IOException, InterruptedException {
        Path config = workDir.resolve(label + "-config.json");
        Path catalog = workDir.resolve(label + "-catalog.json");
        MAPPER.writeValue(config.toFile(), target.connectorConfig().put("direct_load", directLoad));
        CatalogWriter.write(catalog, streams, syncId);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(LAUNCHER)) {
            // env execs the launcher, which execs java: the measured pid is the connector JVM's
            command.addAll(List.of(
                    "env",
                    "JAVA_OPTS=" + String.join(" ", javaOptions),
                    "DESTINATION_POSTGRES_JAR=" + jar.toAbsolutePath(),
                    LAUNCHER.toAbsolutePath().toString()));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(javaOptions);
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(List.of("write", "--config", config.toString(), "--catalog", catalog.toString()));
        MeasuredProcess.Result process = MeasuredProcess.run(
                command, input, workDir.resolve(label + "-stdout.jsonl"), workDir.resolve(label + "-stderr.log"));
        return new Result(process, countStates(process.stdout()), phaseLines(process.stderr()));
    }

    /** STATE messages on stdout; -1 when the file is gone (something removed the work directory). */
    static long countStates(Path stdout) throws IOException {
        if (!Files.exists(stdout)) {
            return -1;
        }
        long states = 0;
        try (BufferedReader reader = Files.newBufferedReader(stdout, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.contains("\"STATE\"") && isState(line)) {
                    states++;
                }
            }
        }
        return states;
    }

    private static boolean isState(String line) {
        try {
            JsonNode message = MAPPER.readTree(line);
            return message != null && "STATE".equals(message.path("type").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** Lines of stderr that look like per-phase timings (typing, dedup, merge). */
    static List<String> phaseLines(Path stderr) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(stderr)) {
            return lines;
        }
        try (BufferedReader reader = Files.newBufferedReader(stderr, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.length() < 2000 && PHASE_LINE.matcher(line).find()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** The last lines of stderr, to show why a run failed. */
    static String tail(Path file, int lines) throws IOException {
        List<String> all = new ArrayList<>();
        if (!Files.exists(file)) {
            return "(" + file + " is gone)";
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                all.add(line.length() > 500 ? line.substring(0, 500) + "..." : line);
                if (all.size() > lines) {
                    all.remove(0);
                }
            }
        }
        return String.join(System.lineSeparator(), all);
    }
}

package io.heropixel.destination.postgres.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code src/main} depend on each other one way (docs/architecture.md): no package reaches
 * back, directly or through others, to a package that uses it. Dependencies are read from the sources: every
 * reference {@code io.heropixel.destination.postgres.<package>.} in a file (imports, static imports and
 * qualified names).
 */
class PackageCycleTest {
    private static final Path SOURCES = Path.of("src/main/java/io/heropixel/destination/postgres");
    private static final Pattern REFERENCE = Pattern.compile("io\\.heropixel\\.destination\\.postgres\\.([a-z]+)\\.");

    @Test
    void packagesHaveNoCycles() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        assertThat(uses).containsKeys("protocol", "sync", "table", "sql");
        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (reaches(uses, to, from, new TreeSet<>())) {
                    cycles.add(from + " -> " + to + " -> ... -> " + from);
                }
            }
        }
        assertThat(cycles)
                .as("package cycles (docs/architecture.md: the flow is one way)")
                .isEmpty();
    }

    @Test
    void sqlIsTheBottomLayer() throws IOException {
        assertThat(dependencies().get("sql")).isEmpty();
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                if (pkg.endsWith(".java")) {
                    continue; // a class in the root package (Main)
                }
                Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }
}

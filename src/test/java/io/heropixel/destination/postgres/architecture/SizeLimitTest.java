package io.heropixel.destination.postgres.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Classes and methods of {@code src/main} stay small enough to read (docs/architecture.md: classes of about
 * 300 lines at most, methods of about 60). The counting rules, simple on purpose:
 *
 * <ul>
 *   <li>A class is a source file: its length is the file's number of lines ({@code wc -l}), comments,
 *       imports and blank lines included. At most {@value #MAX_CLASS_LINES}.
 *   <li>A method (or constructor) is a block opened directly in a class, record, enum or interface body by a
 *       head that has a parameter list; its length is the number of lines from the line of its opening brace
 *       to the line of its closing brace, both included (the signature above the brace, javadoc and
 *       annotations do not count). Braces are counted after removing comments, string and character
 *       literals and text blocks. Lambdas, anonymous and local classes count as part of the method that holds
 *       them. At most {@value #MAX_METHOD_LINES}.
 * </ul>
 *
 * No file is exempt: split a file that grows over a limit.
 */
class SizeLimitTest {
    static final int MAX_CLASS_LINES = 320;
    static final int MAX_METHOD_LINES = 60;
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern TYPE_HEAD = Pattern.compile("(^|[\\s@])(class|interface|enum|record)\\s");

    @Test
    void classesAndMethodsStayWithinTheLimits() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = SOURCES.relativize(file).toString().replace('\\', '/');
                problems(Files.readAllLines(file)).forEach(p -> offenders.add(name + ": " + p));
            }
        }
        assertThat(offenders)
                .as(
                        "classes over %d lines or methods over %d lines (counting rules: SizeLimitTest's javadoc)",
                        MAX_CLASS_LINES, MAX_METHOD_LINES)
                .isEmpty();
    }

    @Test
    void theCounterSeesLongMethodsAndIgnoresBracesInTextAndComments() {
        List<String> lines = new ArrayList<>(List.of(
                "/** A class. { */", "final class Sample {", "    private final Runnable r = () -> {", "    };"));
        lines.add("    void longOne(int a) {");
        for (int i = 0; i < MAX_METHOD_LINES - 1; i++) {
            lines.add("        String s = \"}\" + '{'; // }");
        }
        lines.add("    }");
        lines.add("    int shortOne() {");
        lines.add("        return new Object() { int x() { return 1; } }.hashCode();");
        lines.add("    }");
        lines.add("}");
        assertThat(problems(lines)).containsExactly("method longOne has 61 lines (line 5)");
        lines.remove(6);
        assertThat(problems(lines)).isEmpty();
    }

    /** What is over a limit in one source file. */
    static List<String> problems(List<String> lines) {
        List<String> problems = new ArrayList<>();
        if (lines.size() > MAX_CLASS_LINES) {
            problems.add("class has " + lines.size() + " lines");
        }
        Deque<Block> open = new ArrayDeque<>();
        StringBuilder head = new StringBuilder();
        boolean inComment = false;
        boolean inTextBlock = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inComment) {
                    if (line.startsWith("*/", i)) {
                        inComment = false;
                        i++;
                    }
                } else if (inTextBlock) {
                    if (line.startsWith("\"\"\"", i)) {
                        inTextBlock = false;
                        i += 2;
                    }
                } else if (line.startsWith("//", i)) {
                    break;
                } else if (line.startsWith("/*", i)) {
                    inComment = true;
                    i++;
                } else if (line.startsWith("\"\"\"", i)) {
                    inTextBlock = true;
                    i += 2;
                } else if (c == '"' || c == '\'') {
                    i = literalEnd(line, i, c);
                    head.append('_');
                } else if (c == '{') {
                    open.push(new Block(kind(head.toString(), open.peek()), n + 1));
                    head.setLength(0);
                } else if (c == '}') {
                    Block block = open.pop();
                    int length = n + 1 - block.firstLine + 1;
                    if (block.kind.startsWith("method ") && length > MAX_METHOD_LINES) {
                        problems.add(block.kind + " has " + length + " lines (line " + block.firstLine + ")");
                    }
                    head.setLength(0);
                } else if (c == ';') {
                    head.setLength(0);
                } else {
                    head.append(c);
                }
            }
            head.append(' ');
        }
        return problems;
    }

    /** "type", "method NAME" or "other" for a block opened after {@code head} inside {@code parent}. */
    private static String kind(String head, Block parent) {
        String text = head.replaceAll("@[\\w.]+\\s*(\\([^()]*\\))?", " ").strip(); // annotations
        if (TYPE_HEAD.matcher(" " + text).find() && !text.contains("(")
                || text.matches(".*\\brecord\\s+\\w+\\s*[<(].*")) {
            return "type";
        }
        boolean inTypeBody = parent != null && parent.kind.equals("type");
        int paren = text.indexOf('(');
        if (!inTypeBody
                || paren < 0
                || text.contains("->")
                || text.substring(0, paren).contains("=")) {
            return "other";
        }
        String before = text.substring(0, paren).strip();
        String name = before.substring(before.lastIndexOf(' ') + 1);
        return "method " + name;
    }

    /** The index of the closing quote of the literal opened at {@code start}. */
    private static int literalEnd(String line, int start, char quote) {
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return line.length();
    }

    private record Block(String kind, int firstLine) {}
}

package io.authdesign.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet the README and docs/ show under a {@code <!-- snippet: NAME -->} marker is the code
 * between {@code // snippet:NAME:begin} and {@code // snippet:NAME:end} in a test source of the repository
 * (or of the testkit, whose suites are test code),
 * which compiles and runs it: the documentation cannot drift from code that works. A guide shows a whole
 * example file, imports included, under a {@code <!-- file: PATH -->} marker (PATH from the repository's
 * root, a test source whose test runs it): the block must be that file exactly. Every guide
 * ({@code docs/guide-*.md}) shows at least one tested block.
 */
class DocumentationSnippetsTest {

    private static final Pattern MARKER =
            Pattern.compile("<!-- snippet: ([A-Za-z0-9._-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FILE =
            Pattern.compile("<!-- file: ([A-Za-z0-9._/-]+\\.java) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern BEGIN = Pattern.compile("^(\\s*)// snippet:([A-Za-z0-9._-]+):begin\\s*$");

    @Test
    void everyMarkedSnippetThenIsTestedCode() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, List<String>> regions = regions(root);
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        int checked = 0;
        for (Path document : documents) {
            int checkedBefore = checked;
            String text = Files.readString(document);
            Matcher file = FILE.matcher(text);
            while (file.find()) {
                Path source = root.resolve(file.group(1));
                assertThat(source.toString())
                        .as("%s shows a test source", root.relativize(document))
                        .contains("/src/test/java/");
                assertThat(file.group(2))
                        .as("%s shows %s exactly", root.relativize(document), file.group(1))
                        .isEqualTo(Files.readString(source));
                checked++;
            }
            Matcher marker = MARKER.matcher(text);
            while (marker.find()) {
                String name = marker.group(1);
                assertThat(regions)
                        .as("a // snippet:%s:begin region in a test source", name)
                        .containsKey(name);
                List<String> shown = List.of(marker.group(2).split("\n", -1));
                assertThat(shown)
                        .as("%s shows snippet '%s' as the tested code", root.relativize(document), name)
                        .containsSubsequence(regions.get(name));
                checked++;
            }
            if (document.getFileName().toString().startsWith("guide-")) {
                assertThat(checked - checkedBefore)
                        .as("every Java block of %s is tested code under a marker", root.relativize(document))
                        .isEqualTo(text.split("```java\n", -1).length - 1);
                assertThat(checked)
                        .as("%s shows tested code", root.relativize(document))
                        .isGreaterThan(checkedBefore);
            }
        }
        assertThat(checked).isPositive();
    }

    /** The snippet regions of every test source, dedented to their begin marker. */
    private static Map<String, List<String>> regions(Path root) throws IOException {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(path -> (path.toString().contains("/src/test/java/")
                                    || path.toString().contains("/testkit/src/main/java/"))
                            && path.toString().endsWith(".java"))
                    .toList();
        }
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher begin = BEGIN.matcher(lines.get(i));
                if (!begin.matches()) {
                    continue;
                }
                String indent = begin.group(1);
                String end = indent + "// snippet:" + begin.group(2) + ":end";
                List<String> region = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && !lines.get(j).equals(end); j++) {
                    String line = lines.get(j);
                    region.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
                }
                regions.put(begin.group(2), region);
            }
        }
        return regions;
    }
}

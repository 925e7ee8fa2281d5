package io.authdesign.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Spring Boot snippet is the sample's code, compiled with it and run by its tests. */
class ReadmeSnippetTest {

    @Test
    void readmeShowsTheSamplesSecurityChainAndControllerVerbatim() throws IOException {
        List<String> source =
                Files.readAllLines(Path.of("src/main/java/io/authdesign/samples/spring/SampleApplication.java"));
        List<String> region = source
                .subList(source.indexOf("    // spring-boot:begin") + 1, source.indexOf("    // spring-boot:end"))
                .stream()
                .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
                .toList();
        assertThat(region).isNotEmpty();
        String readme = Files.readString(Path.of("../../README.md"));
        int start = readme.indexOf("<!-- sample: spring-boot ");
        assertThat(start).as("README marker <!-- sample: spring-boot ... -->").isNotNegative();
        int codeStart = readme.indexOf("```java\n", start) + "```java\n".length();
        int codeEnd = readme.indexOf("```", codeStart);
        List<String> shown = Arrays.asList(readme.substring(codeStart, codeEnd).split("\n"));
        assertThat(shown).containsSubsequence(region);
        assertThat(readme).contains("<artifactId>authdesign-spring-boot-starter</artifactId>");
    }
}

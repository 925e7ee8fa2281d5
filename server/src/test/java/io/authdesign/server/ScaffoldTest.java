package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.w3c.dom.Document;

/**
 * {@code new}: each generated project compiles against this build's artifacts (javac with -Werror) and
 * passes its own test, run by JUnit's launcher; its pom is valid XML with the right coordinates; each
 * store skeleton compiles, implements the real SPI and behaves.
 */
class ScaffoldTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Commands(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        name -> null)
                .run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oidc-client-credentials", "oidc-auth-code", "oidc-device"})
    void flowThenProjectThatCompilesAndPassesItsOwnTest(String flow) throws Exception {
        Path project = dir.resolve("my-" + flow);

        assertThat(run("new", "--flow", flow, "--name", "my-" + flow, project.toString()))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Created the " + flow + " project");
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(project.resolve("pom.xml").toFile());
        assertThat(child(pom, "groupId")).isEqualTo("com.example");
        assertThat(child(pom, "artifactId")).isEqualTo("my-" + flow);
        assertThat(Files.readString(project.resolve("pom.xml")))
                .contains("<artifactId>authdesign-core</artifactId>", "<artifactId>authdesign-javalin</artifactId>")
                .contains("<authdesign.version>" + Scaffold.version() + "</authdesign.version>");
        assertThat(Files.readString(project.resolve("README.md"))).contains("# my-" + flow, flow);

        Path classes = compile(project.resolve("src/main/java"), project.resolve("src/test/java"));
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            String pkg = "com.example.my" + flow.replace("-", "");
            Class<?> test = loader.loadClass(pkg + ".AuthServerTest");
            TestExecutionSummary summary = runTests(test);
            assertThat(summary.getFailures())
                    .as(() -> summary.getFailures().stream()
                            .map(failure -> failure.getException().toString())
                            .toList()
                            .toString())
                    .isEmpty();
            assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        }
    }

    @Test
    void replayStoreThenCompilesImplementsTheSpiAndAcceptsAValueOnce() throws Exception {
        assertThat(run("new", "--util", "replay-store", dir.toString())).isZero();

        Class<?> type = compileOne("com.example.authdesign.MyReplayStore");
        io.authdesign.replay.ReplayStore store =
                (io.authdesign.replay.ReplayStore) type.getConstructor().newInstance();
        assertThat(store.add("jti-1", Duration.ofMinutes(1))).isTrue();
        assertThat(store.add("jti-1", Duration.ofMinutes(1))).isFalse();
        assertThat(store.add("jti-2", Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void keyStoreThenCompilesImplementsTheSpiAndPublishesUnexpiredKeys() throws Exception {
        assertThat(run(
                        "new",
                        "--util",
                        "key-store",
                        "--name",
                        "VaultKeys",
                        "--package",
                        "org.acme.keys",
                        dir.toString()))
                .isZero();

        Class<?> type = compileOne("org.acme.keys.VaultKeys");
        io.authdesign.keys.JwksKeyStore store =
                (io.authdesign.keys.JwksKeyStore) type.getConstructor().newInstance();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        store.storeKeyPair(new io.authdesign.keys.StoredKey("k1", "ES256", "{}", "{}", now, now, now.plusSeconds(60)));
        assertThat(store.getKeys(now))
                .extracting(io.authdesign.keys.StoredKey::kid)
                .containsExactly("k1");
        assertThat(store.getKeys(now.plusSeconds(61))).isEmpty();
    }

    @Test
    void rotationStoreThenCompilesImplementsTheSpiAndClaimsOncePerInterval() throws Exception {
        assertThat(run("new", "--util", "rotation-store", dir.toString())).isZero();

        Class<?> type = compileOne("com.example.authdesign.MyRotationStore");
        io.authdesign.keys.JwksRotationTimestampStore store = (io.authdesign.keys.JwksRotationTimestampStore)
                type.getConstructor().newInstance();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Duration day = Duration.ofDays(1);
        assertThat(store.claimRotation(now, day)).isTrue();
        assertThat(store.claimRotation(now.plusSeconds(10), day)).isFalse();
        assertThat(store.getLastTimestamp()).contains(now);
        assertThat(store.claimRotation(now.plus(day), day)).isTrue();
    }

    @Test
    void wrongArgumentsOrNonEmptyDirectoryThenTwoAndUsage() throws Exception {
        assertThat(run(
                        "new",
                        "--flow",
                        "oidc-implicit",
                        "--name",
                        "x",
                        dir.resolve("a").toString()))
                .isEqualTo(2);
        assertThat(run(
                        "new",
                        "--flow",
                        "oidc-auth-code",
                        "--name",
                        "Bad Name",
                        dir.resolve("b").toString()))
                .isEqualTo(2);
        assertThat(run("new", "--util", "replay-store")).isEqualTo(2);
        Files.writeString(dir.resolve("taken.txt"), "mine");
        assertThat(run("new", "--util", "replay-store", dir.toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(Scaffold.USAGE)
                .contains("--name must be a Maven artifact id")
                .contains("is not empty");
        assertThat(Files.readString(dir.resolve("taken.txt"))).isEqualTo("mine");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    private static String child(Document pom, String name) {
        var nodes = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (name.equals(nodes.item(i).getNodeName())) {
                return nodes.item(i).getTextContent().strip();
            }
        }
        throw new AssertionError("No <" + name + "> in the pom");
    }

    private Class<?> compileOne(String className) throws Exception {
        Path classes = compile(dir.resolve("src/main/java"));
        URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        Class<?> type = loader.loadClass(className);
        assertThat(type.getInterfaces()).hasSize(1);
        return type;
    }

    /** Compiles the sources as the generated pom would (release 21, every warning an error). */
    private Path compile(Path... roots) throws Exception {
        Path classes = Files.createTempDirectory(dir, "classes");
        List<File> sources;
        try (Stream<Path> files = Stream.of(roots).flatMap(root -> {
            try {
                return Files.walk(root);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            sources = files.filter(file -> file.toString().endsWith(".java"))
                    .map(Path::toFile)
                    .toList();
        }
        assertThat(sources).isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromFiles(sources);
            String classPath = Optional.ofNullable(System.getProperty("surefire.test.class.path"))
                    .orElse(System.getProperty("java.class.path"));
            boolean compiled = javac.getTask(
                            diagnostics,
                            files,
                            null,
                            List.of(
                                    "--release",
                                    "21",
                                    "-Xlint:all",
                                    "-Xlint:-processing",
                                    "-Werror",
                                    "-proc:none",
                                    "-classpath",
                                    classPath,
                                    "-d",
                                    classes.toString()),
                            null,
                            units)
                    .call();
            assertThat(compiled).as(diagnostics.toString()).isTrue();
        }
        return classes;
    }

    private static TestExecutionSummary runTests(Class<?> test) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectClass(test))
                        .configurationParameters(Map.of("junit.jupiter.extensions.autodetection.enabled", "false"))
                        .build(),
                listener);
        return listener.getSummary();
    }
}

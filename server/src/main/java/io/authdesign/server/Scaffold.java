package io.authdesign.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code new}: the original's generators ({@code oauth2-flow}, {@code oauth2-util}) done the Java way, from
 * templates in this jar.
 *
 * <ul>
 *   <li>{@code new --flow oidc-auth-code|oidc-client-credentials|oidc-device --name NAME DIR}: a Maven
 *       project with the flow built from the ready handlers, a test that starts it and asks it for what
 *       the flow serves, and a README;
 *   <li>{@code new --util replay-store|key-store|rotation-store [--name CLASS] DIR}: a documented
 *       implementation of the store SPI ({@code ReplayStore}, {@code JwksKeyStore},
 *       {@code JwksRotationTimestampStore}) that works in memory and says what a shared store must keep
 *       atomic.
 * </ul>
 */
final class Scaffold {

    /** The flows {@code --flow} generates. */
    static final List<String> FLOWS = List.of("oidc-auth-code", "oidc-client-credentials", "oidc-device");

    /** The store skeletons {@code --util} generates, with their default class names. */
    static final Map<String, String> UTILS =
            Map.of("replay-store", "MyReplayStore", "key-store", "MyKeyStore", "rotation-store", "MyRotationStore");

    /** The package of generated store skeletons unless {@code --package} says otherwise. */
    static final String UTIL_PACKAGE = "com.example.authdesign";

    /** The versions the generated pom names: this build's, and those the library is built and tested with. */
    static final String SLF4J_VERSION = "2.0.20";

    static final String JUNIT_VERSION = "6.1.3";

    private static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";
    private static final String TEMPLATES = "/io/authdesign/server/scaffold/";
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    static final String USAGE = "Usage: java -jar authdesign-server.jar new --flow "
            + String.join("|", FLOWS) + " --name NAME DIR"
            + " | new --util replay-store|key-store|rotation-store [--name CLASS] [--package PACKAGE] DIR";

    private final PrintStream out;
    private final PrintStream err;

    Scaffold(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code new ...}: 0 when written, 2 for wrong arguments or an existing non-empty directory, 1 on I/O failure. */
    int run(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        String dir = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else if (dir == null && !args[i].startsWith("--")) {
                dir = args[i];
            } else {
                err.println("Unexpected argument '" + args[i] + "'. " + USAGE);
                return 2;
            }
        }
        if (dir == null || options.containsKey("flow") == options.containsKey("util")) {
            err.println(USAGE);
            return 2;
        }
        Path target = Path.of(dir);
        try {
            if (Files.exists(target)) {
                try (var entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        err.println("The directory " + target + " is not empty: choose a new one");
                        return 2;
                    }
                }
            }
            return options.containsKey("flow") ? flow(options, target) : util(options, target);
        } catch (IOException e) {
            err.println("Cannot write to " + target + ": " + e.getMessage());
            return 1;
        }
    }

    private int flow(Map<String, String> options, Path target) throws IOException {
        String flow = options.get("flow");
        String name = options.get("name");
        if (!FLOWS.contains(flow) || name == null || !options.keySet().equals(java.util.Set.of("flow", "name"))) {
            err.println(USAGE);
            return 2;
        }
        if (!PROJECT_NAME.matcher(name).matches()) {
            err.println(
                    "--name must be a Maven artifact id: lower case letters, digits and '-', starting with a letter");
            return 2;
        }
        String pkg = "com.example." + name.replace("-", "");
        Map<String, String> values = Map.of(
                "__FLOW__", flow,
                "__NAME__", name,
                "__PACKAGE__", pkg,
                "__VERSION__", version(),
                "__SLF4J_VERSION__", SLF4J_VERSION,
                "__JUNIT_VERSION__", JUNIT_VERSION);
        Path main = target.resolve("src/main/java").resolve(pkg.replace('.', '/'));
        Path test = target.resolve("src/test/java").resolve(pkg.replace('.', '/'));
        write(target.resolve("pom.xml"), "pom.xml.tmpl", values);
        write(target.resolve("README.md"), "README.md.tmpl", values);
        write(main.resolve("AuthServer.java"), "flow/" + flow + ".AuthServer.java.tmpl", values);
        if (!flow.equals("oidc-client-credentials")) {
            write(main.resolve("DemoUsers.java"), "flow/DemoUsers.java.tmpl", values);
        }
        write(test.resolve("AuthServerTest.java"), "flow/" + flow + ".AuthServerTest.java.tmpl", values);
        out.println("Created the " + flow + " project " + name + " in " + target + ": cd " + target + " && mvn test");
        return 0;
    }

    private int util(Map<String, String> options, Path target) throws IOException {
        String util = options.get("util");
        if (!UTILS.containsKey(util)
                || !java.util.Set.of("util", "name", "package").containsAll(options.keySet())) {
            err.println(USAGE);
            return 2;
        }
        String className = options.getOrDefault("name", UTILS.get(util));
        String pkg = options.getOrDefault("package", UTIL_PACKAGE);
        if (!CLASS_NAME.matcher(className).matches()) {
            err.println("--name must be a Java class name starting with an upper-case letter");
            return 2;
        }
        if (!PACKAGE.matcher(pkg).matches()) {
            err.println("--package must be a Java package name in lower case");
            return 2;
        }
        Path file =
                target.resolve("src/main/java").resolve(pkg.replace('.', '/')).resolve(className + ".java");
        write(file, "util/" + util + ".java.tmpl", Map.of("__PACKAGE__", pkg, "__CLASS__", className));
        out.println("Created " + file + ": a " + util + " that works in memory; its comments say what a shared"
                + " store must keep atomic");
        return 0;
    }

    private static void write(Path file, String template, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = Scaffold.class.getResourceAsStream(TEMPLATES + template)) {
            if (in == null) {
                throw new IllegalStateException("The template " + template + " is missing from the jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** This build's version (the server jar's manifest), which the generated project depends on. */
    static String version() {
        String version = Scaffold.class.getPackage().getImplementationVersion();
        return version == null ? FALLBACK_VERSION : version;
    }
}

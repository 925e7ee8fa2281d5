package io.authdesign.samples.spring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample started in this JVM as {@code java -jar} starts it: a YAML file passed with {@code
 * --spring.config.additional-location=file:...}, plus arguments.
 */
final class SampleServer implements AutoCloseable {

    static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final ConfigurableApplicationContext context;
    private final Path directory;

    private SampleServer(ConfigurableApplicationContext context, Path directory) {
        this.context = context;
        this.directory = directory;
    }

    /** Writes the YAML into a new directory and starts the sample with it. */
    static SampleServer start(String yaml, String... arguments) throws IOException {
        Path directory = Files.createTempDirectory("authdesign-spring-sample-");
        Path file = directory.resolve("my.yml");
        Files.writeString(file, yaml);
        List<String> args = new ArrayList<>(List.of("--spring.config.additional-location=file:" + file));
        args.addAll(List.of(arguments));
        return new SampleServer(SpringApplication.run(SampleApplication.class, args.toArray(String[]::new)), directory);
    }

    /** A port free now, for an issuer that names the port the server will listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The directory of the configuration file. */
    Path directory() {
        return directory;
    }

    /** Where the server listens. */
    String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    /** A GET with optional header name, value pairs. */
    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        context.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}

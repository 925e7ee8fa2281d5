package io.authdesign.bench;

import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.resource.Credentials;
import io.authdesign.server.ServerAssembly;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The reference server's HTTP path in-process: its assembly ({@link ServerAssembly}, default embedded
 * storage, ES256) served by Javalin with {@link AuthDesignPlugin}, driven over keep-alive loopback
 * connections by a client that allocates nothing per request, so that {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is the server's allocation per request: {@code token} (client_credentials,
 * client_secret_basic, JWT access token), {@code me} ({@code GET /api/me} with that token) and
 * {@code health} ({@code GET /health}, the same kind of route without authentication).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar HttpTokenBenchmark -f 1 -wi 3 -i 5 -w 3s -r 5s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HttpTokenBenchmark {

    private static final String CLIENT = "bench-client";
    private static final String SECRET = "bench-secret-of-thirty-two-bytes-or-more";

    @Param({"token", "me", "health"})
    public String route;

    private Path directory;
    private ServerAssembly assembly;
    private Javalin app;
    private int port;
    private byte[] request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        directory = Files.createTempDirectory("authdesign-bench");
        String issuer = "http://127.0.0.1:" + port;
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT);
        client.put("clientSecret", SECRET);
        client.put("authMethods", List.of("client_secret_basic", "client_secret_post"));
        client.put("grantTypes", List.of("client_credentials"));
        client.put("scopes", List.of("read", "write"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", issuer);
        config.put("host", "127.0.0.1");
        config.put("port", port);
        config.put("tokenTtl", 3600);
        config.put("signing", Map.of("algorithm", "ES256"));
        config.put("clients", List.of(client));
        assembly = ServerAssembly.fromTree("benchmark", config, directory);
        assembly.start();
        app = Javalin.create(javalin -> {
                    javalin.startup.showJavalinBanner = false;
                    javalin.registerPlugin(new AuthDesignPlugin(assembly.design()));
                    javalin.routes.get("/api/me", HttpTokenBenchmark::me, AuthDesignPlugin.protect());
                    javalin.routes.get("/health", HttpTokenBenchmark::health);
                })
                .start("127.0.0.1", port);
        byte[] tokenRequest = tokenRequest();
        request = switch (route) {
            case "token" -> tokenRequest;
            case "me" -> get("/api/me", "Authorization: Bearer " + accessToken(tokenRequest) + "\r\n");
            case "health" -> get("/health", "");
            default -> throw new IllegalArgumentException("Unknown route " + route);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        app.stop();
        assembly.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** One keep-alive connection per benchmark thread, with its read buffer. */
    @State(Scope.Thread)
    public static class Connection {
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final byte[] buffer = new byte[16 * 1024];

        @Setup(Level.Trial)
        public void open(HttpTokenBenchmark server) throws IOException {
            socket = new Socket("127.0.0.1", server.port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }

        /** Sends a request and reads its whole response; returns the status code. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int filled = 0;
            int headerEnd = -1;
            while (headerEnd < 0) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    throw new IOException("Connection closed");
                }
                filled += read;
                headerEnd = indexOfBlankLine(buffer, filled);
            }
            int total = headerEnd + contentLength(buffer, headerEnd);
            while (filled < total) {
                int read = in.read(buffer, filled, total - filled);
                if (read < 0) {
                    throw new IOException("Connection closed");
                }
                filled += read;
            }
            return (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
        }

        String body(byte[] request) throws IOException {
            int status = exchange(request);
            int headerEnd = indexOfBlankLine(buffer, buffer.length);
            String body = new String(buffer, headerEnd, contentLength(buffer, headerEnd), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IllegalStateException("Status " + status + ": " + body);
            }
            return body;
        }
    }

    @Benchmark
    public int request(Connection connection) throws IOException {
        int status = connection.exchange(request);
        if (status != 200) {
            throw new IllegalStateException("Status " + status);
        }
        return status;
    }

    private byte[] tokenRequest() {
        String form = "grant_type=client_credentials&scope=read";
        String basic = Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        return ("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Basic " + basic
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                        + "\r\n\r\n" + form)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] get(String path, String headers) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private String accessToken(byte[] tokenRequest) throws IOException {
        Connection connection = new Connection();
        connection.open(this);
        try {
            String body = connection.body(tokenRequest);
            int start = body.indexOf("\"access_token\":\"") + "\"access_token\":\"".length();
            return body.substring(start, body.indexOf('"', start));
        } finally {
            connection.close();
        }
    }

    /** The reference server's {@code GET /api/me}. */
    private static void me(Context ctx) {
        Credentials credentials = AuthDesignPlugin.credentials(ctx);
        String body = "{\"sub\":\"" + credentials.subject() + "\",\"client_id\":\"" + credentials.clientId()
                + "\",\"scope\":\"" + String.join(" ", new TreeSet<>(credentials.scopes())) + "\"}";
        write(ctx, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The reference server's {@code GET /health}. */
    private static void health(Context ctx) {
        write(ctx, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Context ctx, byte[] body) {
        ctx.contentType("application/json").header("Cache-Control", "no-store");
        try {
            ctx.outputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index just past the first {@code CRLF CRLF}, or -1. */
    static int indexOfBlankLine(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The Content-Length of a response head (0 when absent). */
    static int contentLength(byte[] bytes, int headerEnd) {
        byte[] name = CONTENT_LENGTH;
        outer:
        for (int i = 0; i + name.length < headerEnd; i++) {
            for (int j = 0; j < name.length; j++) {
                if (Character.toLowerCase(bytes[i + j]) != name[j]) {
                    continue outer;
                }
            }
            int value = 0;
            for (int k = i + name.length; k < headerEnd && bytes[k] != '\r'; k++) {
                if (bytes[k] >= '0' && bytes[k] <= '9') {
                    value = value * 10 + (bytes[k] - '0');
                }
            }
            return value;
        }
        return 0;
    }

    private static final byte[] CONTENT_LENGTH = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);
}

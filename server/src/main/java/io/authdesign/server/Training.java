package io.authdesign.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The start-up training run ({@code java -XX:AOTCacheOutput=FILE -jar authdesign-server.jar train}): starts
 * the demo server on a free loopback port, sends it the requests of a typical first minute (metadata, keys,
 * a client credentials token, a protected route, the sign-in page, a device authorization), and stops; then
 * the same on the file storage of a configuration file, two restarts of a storage another JVM created. The
 * JDK records the classes it loaded and linked into an AOT cache (JEP 483, 514; the method profiles of JEP 515
 * are left out by {@code server/jvm.options}), which later starts read instead of redoing that work. The build
 * runs it on JDK 25 and newer.
 *
 * <p>The requests are written on plain sockets (HTTP/1.1, one connection each), not with the JDK's HTTP
 * client: whatever the training run loads goes into the cache, which every start maps and links whole, and
 * the client with its TLS classes (about 450 classes, a seventh of the cache) is no part of the server.
 */
final class Training {

    private static final Pattern SECRET = Pattern.compile("client " + Main.Demo.CLIENT_ID + " / secret (\\S+)");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private Training() {}

    /** How long the JVM that creates the training's file storage may take. */
    private static final long STORAGE_CREATION_SECONDS = 120;

    /** The rounds of requests of the build's training run. */
    static final int ROUNDS = 200;

    /** Runs the training; 0 when every request was answered as expected, 1 otherwise. */
    static int run(PrintStream out, PrintStream err) {
        return run(out, err, ROUNDS);
    }

    /** Runs the training with the given number of rounds of requests (tests run few). */
    static int run(PrintStream out, PrintStream err, int rounds) {
        int port;
        try {
            port = freePort();
        } catch (IOException e) {
            err.println("No free port for the training run: " + e.getMessage());
            return 1;
        }
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        AtomicReference<ReferenceServer> server = new AtomicReference<>();
        int status =
                Main.run(new String[0], new PrintStream(banner, true, StandardCharsets.UTF_8), err, port, started -> {
                    server.set(started);
                    return true;
                });
        if (status != 0 || server.get() == null) {
            return status == 0 ? 1 : status;
        }
        try (ReferenceServer running = server.get()) {
            Matcher secret = SECRET.matcher(banner.toString(StandardCharsets.UTF_8));
            if (!secret.find()) {
                err.println("The demo banner names no client secret");
                return 1;
            }
            requests(running.port(), secret.group(1), rounds);
        } catch (IOException | IllegalStateException e) {
            err.println("The training run failed: " + e.getMessage());
            return 1;
        }
        int stored = fileStorage(err, rounds);
        if (stored != 0) {
            return stored;
        }
        out.println("Training run done on http://127.0.0.1:" + port);
        return 0;
    }

    /**
     * The default embedded storage of a configuration file ({@code storage: file}): two starts on a database
     * that another JVM created ({@link #createStorage}), each answering the same requests, so that the cache
     * holds what reading YAML, opening H2 and checking the schema load. The schema's migrations (Flyway, about
     * 440 classes) run only at a first start or after an upgrade; a restart finds the schema current and never
     * loads them, so they stay out of the cache, which every start maps and links whole.
     */
    private static int fileStorage(PrintStream err, int rounds) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("authdesign-training-");
            int port = freePort();
            String secret = "training-" + Long.toHexString(System.nanoTime()) + "-secret";
            Path config = folder.resolve("training.yaml");
            Files.writeString(
                    config,
                    "issuer: http://127.0.0.1:" + port + "\nhost: 127.0.0.1\nport: " + port + "\n"
                            + "storage: {type: file, path: data}\n"
                            + "clients:\n"
                            + "  - clientId: " + Main.Demo.CLIENT_ID + "\n"
                            + "    clientSecret: " + secret + "\n"
                            + "    authMethods: [client_secret_basic]\n"
                            + "    grantTypes: [client_credentials]\n"
                            + "    scopes: [read]\n"
                            + "    redirectUris: []\n");
            int created = createStorage(config, err);
            if (created != 0) {
                return created;
            }
            for (int start = 0; start < 2; start++) {
                AtomicReference<ReferenceServer> server = new AtomicReference<>();
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                int status = Main.run(new String[] {"--config", config.toString()}, quiet, err, port, started -> {
                    server.set(started);
                    return true;
                });
                if (status != 0 || server.get() == null) {
                    return status == 0 ? 1 : status;
                }
                try (ReferenceServer running = server.get()) {
                    fileRequests(running.port(), secret, Math.max(1, rounds / 4));
                }
            }
            return 0;
        } catch (IOException | IllegalStateException e) {
            err.println("The training run on file storage failed: " + e.getMessage());
            return 1;
        } finally {
            delete(folder);
        }
    }

    /**
     * Creates and migrates the file storage of {@code config}, with its keys, in a separate JVM of the same
     * class path ({@code rotate-keys --config}); its classes are not recorded into the cache.
     */
    private static int createStorage(Path config, PrintStream err) throws IOException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process creator = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "rotate-keys",
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!creator.waitFor(STORAGE_CREATION_SECONDS, TimeUnit.SECONDS)) {
                creator.destroyForcibly();
                err.println("Creating the training's file storage took longer than " + STORAGE_CREATION_SECONDS + " s");
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            creator.destroyForcibly();
            return 1;
        }
        if (creator.exitValue() != 0) {
            err.println("Creating the training's file storage failed with status " + creator.exitValue());
            return 1;
        }
        return 0;
    }

    private static void fileRequests(int port, String secret, int rounds) throws IOException {
        String basic = basic(secret);
        for (int round = 0; round < rounds; round++) {
            expect(port, "GET", "/oauth2/keys", null, null, 200);
            expect(port, "GET", ReferenceServer.ME, "Bearer " + accessToken(port, basic), null, 200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The demo client's {@code Authorization: Basic} value with this secret. */
    private static String basic(String secret) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((Main.Demo.CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A client credentials access token of the demo client. */
    private static String accessToken(int port, String basic) throws IOException {
        String token = expect(port, "POST", "/oauth2/token", basic, "grant_type=client_credentials&scope=read", 200);
        Matcher accessToken = ACCESS_TOKEN.matcher(token);
        if (!accessToken.find()) {
            throw new IllegalStateException("The token response holds no access token");
        }
        return accessToken.group(1);
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private static void requests(int port, String secret, int rounds) throws IOException {
        String basic = basic(secret);
        for (int round = 0; round < rounds; round++) {
            expect(port, "GET", "/.well-known/oauth-authorization-server", null, null, 200);
            expect(port, "GET", "/.well-known/openid-configuration", null, null, 200);
            expect(port, "GET", "/oauth2/keys", null, null, 200);
            expect(port, "GET", ReferenceServer.HEALTH, null, null, 200);
            expect(port, "GET", ReferenceServer.ME, "Bearer " + accessToken(port, basic), null, 200);
            expect(port, "GET", ReferenceServer.ME, null, null, 401);
            expect(port, "POST", "/oauth2/token", "Basic bm9ib2R5Om5vdGhpbmc=", "grant_type=client_credentials", 401);
            if (round % 20 == 0) {
                expect(
                        port,
                        "GET",
                        "/oauth2/authorize?response_type=code&client_id=" + Main.Demo.APP_ID
                                + "&scope=openid&state=s&code_challenge="
                                + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
                        null,
                        null,
                        200);
                expect(
                        port,
                        "POST",
                        "/oauth2/devicecode",
                        null,
                        "client_id=" + Main.Demo.DEVICE_ID + "&scope=openid",
                        200);
            }
        }
    }

    /**
     * Sends one request on a connection of its own ({@code Connection: close}), a form body when {@code form}
     * is not null, and returns the response body once the status is the one expected.
     */
    private static String expect(int port, String method, String target, String authorization, String form, int status)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port)
                    .append("\r\nConnection: close\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            if (form != null) {
                head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                        .append(body.length)
                        .append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 ") || headEnd < 0) {
                throw new IllegalStateException(method + " " + target + " got no HTTP/1.1 response");
            }
            int answered = Integer.parseInt(response.substring(9, 12));
            if (answered != status) {
                throw new IllegalStateException(method + " " + target + " answered " + answered + ", not " + status);
            }
            String headers = response.substring(0, headEnd).toLowerCase(Locale.ROOT);
            String content = response.substring(headEnd + 4);
            return headers.contains("\r\ntransfer-encoding: chunked") ? unchunked(content) : content;
        }
    }

    /** The body of a chunked response (RFC 9112 section 7.1), without chunk extensions or trailers. */
    static String unchunked(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                throw new IllegalStateException("A chunked response ends inside a chunk size");
            }
            String size = chunked.substring(at, lineEnd);
            int extension = size.indexOf(';');
            int length = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (length == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + length);
            at = lineEnd + 2 + length + 2;
        }
    }
}

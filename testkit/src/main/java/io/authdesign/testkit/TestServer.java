package io.authdesign.testkit;

import io.authdesign.flow.AuthDesign;
import io.authdesign.http.FormCodec;
import io.authdesign.resource.ResourceAuthenticator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * A real server of the adapter under test ({@link AdapterUnderTest}) on 127.0.0.1 and an ephemeral port,
 * serving one design's endpoints, and a small request builder to talk to it over HTTP/1.1.
 */
final class TestServer implements AutoCloseable {

    static final String TOKEN = "/oauth2/token";
    static final String METADATA = "/.well-known/oauth-authorization-server";
    static final String FORM = "application/x-www-form-urlencoded";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ServerAdapter.Running server;
    private final ServerAdapter adapter;

    private TestServer(ServerAdapter adapter, ServerAdapter.Running server) {
        this.adapter = adapter;
        this.server = server;
    }

    /** Starts a server for the design on 127.0.0.1 and a free port. */
    static TestServer start(AuthDesign design) {
        return start(design, 0, List.of());
    }

    /**
     * Starts a server whose design's issuer is its own loopback URL ({@code http://127.0.0.1:PORT}), so that
     * a client can discover it from the issuer alone. The port is found free just before use.
     */
    static TestServer startAtOwnIssuer(Function<String, AuthDesign> design, TestRoute... routes) {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(design.apply("http://127.0.0.1:" + port), port, List.of(routes));
    }

    /** Starts a server for the design with application routes beside its endpoints. */
    static TestServer start(AuthDesign design, TestRoute... routes) {
        return start(design, 0, List.of(routes));
    }

    private static TestServer start(AuthDesign design, int port, List<TestRoute> routes) {
        ServerAdapter adapter = AdapterExtension.current();
        return new TestServer(adapter, adapter.start(design, port, routes));
    }

    /** Starts an API apart from any authorization server, its protected routes checked by the authenticator. */
    static TestServer startResourceServer(ResourceAuthenticator authenticator, TestRoute... routes) {
        ServerAdapter adapter = AdapterExtension.current();
        return new TestServer(adapter, adapter.startResourceServer(authenticator, List.of(routes)));
    }

    /** The adapter this server runs on. */
    ServerAdapter adapter() {
        return adapter;
    }

    int port() {
        return server.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** A POST to the path, with a form Content-Type unless changed. */
    Call post(String path) {
        return new Call("POST", path).contentType(FORM);
    }

    /** A GET of the path. */
    Call get(String path) {
        return new Call("GET", path);
    }

    /**
     * Sends bytes as they are over a new connection and reads the response until the server closes it,
     * for requests that {@link HttpClient} refuses to make (a lying Content-Length, broken chunking).
     */
    Reply raw(String head, byte[] body) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(head.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return parseRaw(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply parseRaw(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), n -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        Reply head = new Reply(status, headers, "");
        byte[] body;
        if (head.header("Transfer-Encoding").filter("chunked"::equalsIgnoreCase).isPresent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(readLine(in).trim(), 16);
                    size > 0;
                    size = Integer.parseInt(readLine(in).trim(), 16)) {
                out.writeBytes(in.readNBytes(size));
                readLine(in);
            }
            body = out.toByteArray();
        } else if (head.header("Content-Length").isPresent()) {
            body = in.readNBytes(Integer.parseInt(head.header("Content-Length").orElseThrow()));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Connection closed in a header line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        server.close();
    }

    /** The Authorization header value of client_secret_basic, encoded as RFC 6749 section 2.3.1 says. */
    static String basic(String clientId, String secret) {
        return basicRaw(FormCodec.encode(clientId) + ":" + FormCodec.encode(secret));
    }

    /** The Authorization header value for these exact credential bytes, without form encoding. */
    static String basicRaw(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Form-encodes name/value pairs, in order. */
    static String form(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Names and values come in pairs");
        }
        StringJoiner body = new StringJoiner("&");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.add(FormCodec.encode(namesAndValues[i]) + "=" + FormCodec.encode(namesAndValues[i + 1]));
        }
        return body.toString();
    }

    /** One request under construction. */
    final class Call {
        private final String method;
        private final String path;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private boolean streamed;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** Sets the Content-Type; {@code null} sends none. */
        Call contentType(String contentType) {
            headers.removeIf(h -> h[0].equalsIgnoreCase("Content-Type"));
            if (contentType != null) {
                headers.add(new String[] {"Content-Type", contentType});
            }
            return this;
        }

        /** Adds a header value (repeating a name sends the header twice). */
        Call header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** Adds an Authorization header for client_secret_basic. */
        Call basic(String clientId, String secret) {
            return header("Authorization", TestServer.basic(clientId, secret));
        }

        /** Sets the body to form-encoded name/value pairs. */
        Call form(String... namesAndValues) {
            return body(TestServer.form(namesAndValues));
        }

        /** Sets the body to this text, sent as UTF-8 exactly as given. */
        Call body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sets the body bytes. */
        Call body(byte[] bytes) {
            this.body = bytes.clone();
            return this;
        }

        /** Sends the body without Content-Length, in chunks. */
        Call chunked() {
            this.streamed = true;
            return this;
        }

        Reply send() {
            HttpRequest.BodyPublisher publisher;
            if (streamed) {
                byte[] bytes = body;
                publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            } else if (body.length == 0 && method.equals("GET")) {
                publisher = HttpRequest.BodyPublishers.noBody();
            } else {
                publisher = HttpRequest.BodyPublishers.ofByteArray(body);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, publisher);
            headers.forEach(h -> request.header(h[0], h[1]));
            try {
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

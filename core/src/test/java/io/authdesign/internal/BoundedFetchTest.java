package io.authdesign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A registered URI that answers too much or too slowly is cut off, not read to the end. */
class BoundedFetchTest {

    private static final int LIMIT = 1024;

    private HttpServer server;
    private final AtomicInteger trickled = new AtomicInteger();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/small", exchange -> {
            byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(new byte[1024]);
                }
            } catch (IOException expected) {
                // the client went away once it had enough
            }
        });
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('x');
                    out.flush();
                    trickled.incrementAndGet();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException expected) {
                // the client went away
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .build();
    }

    @Test
    void anAnswerWithinTheLimitsIsReadWhole() throws Exception {
        BoundedFetch.Answer answer = BoundedFetch.send(client, get("/small"), LIMIT, Duration.ofSeconds(5));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"keys\":[]}");
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefusedWithoutReadingItAll() {
        assertThatThrownBy(() -> BoundedFetch.send(client, get("/huge"), LIMIT, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessage("the answer is larger than 1024 bytes");
    }

    @Test
    void anAnswerThatNeverEndsIsCutOffAtTheTimeout() {
        assertThatThrownBy(() -> BoundedFetch.send(client, get("/trickle"), LIMIT, Duration.ofMillis(500)))
                .isInstanceOf(IOException.class)
                .hasMessage("no complete answer within 500 ms");
        // every byte was within the size limit: only the time bound stopped it, long before the 600 bytes
        assertThat(trickled.get()).isLessThan(600);
    }
}

package io.authdesign.servlet.guides;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/** docs/guide-protecting-routes.md, Servlet: {@link ProtectedServletApi} started and called as its guide says. */
class ProtectedServletApiGuideTest {

    @Test
    void protectedServletWhenTokenHasScopeThenAnsweredElse401() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Server server = ProtectedServletApi.start(base, port, "orders-secret-0123456789");
        try (HttpClient http = HttpClient.newHttpClient()) {
            String basic = Base64.getEncoder()
                    .encodeToString("orders-client:orders-secret-0123456789".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> token = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            Matcher accessToken =
                    Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
            assertThat(accessToken.find()).isTrue();

            HttpResponse<String> withToken = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                            .header("Authorization", "Bearer " + accessToken.group(1))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> without = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/orders")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(withToken.statusCode()).isEqualTo(200);
            assertThat(withToken.body()).isEqualTo("orders of orders-client");
            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        } finally {
            server.stop();
        }
    }
}

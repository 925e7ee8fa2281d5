package io.authdesign.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * The README's Servlet example ({@code snippet:servlet}), compiled and run in embedded Jetty: the endpoints
 * in front of the application, {@code /api/*} protected, a token from the token endpoint opening it.
 */
class ServletQuickStartTest {

    // snippet:servlet:begin
    /** GET /api/me: who the access token stands for. */
    static final class MeServlet extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter()
                    .print(ProtectedRoutesFilter.credentials(request).subject());
        }
    }

    static Server server(AuthDesign design, int port) {
        ServletContextHandler context = new ServletContextHandler("/");
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new AuthDesignFilter(design)), "/*", requests);
        context.addFilter(new FilterHolder(new ProtectedRoutesFilter(design, "read")), "/api/*", requests);
        context.addServlet(new ServletHolder(new MeServlet()), "/api/me");

        QueuedThreadPool threads = new QueuedThreadPool(); // handlers block: run them on virtual threads
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context);
        return server;
    }
    // snippet:servlet:end

    @Test
    void readmeServletExampleThenTokenOpensProtectedRoute() throws Exception {
        AuthDesign design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer("http://127.0.0.1")
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .useAccessTokenJwks(true)
                .tokenRoute(route ->
                        route.generateToken((ctx, request) -> ctx.clientId().equals("svc")
                                ? new OAuth2TokenResponse(ctx.createJwtAccessToken(Map.of())
                                                .token())
                                        .setExpiresIn(ctx.ttl())
                                : null))
                .build();
        Server server = server(design, 0);
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            HttpResponse<String> token = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                            .header(
                                    "Authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString("svc:secret".getBytes(StandardCharsets.UTF_8)))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=read"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            String accessToken = token.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");

            HttpResponse<String> me = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/me"))
                            .header("Authorization", "Bearer " + accessToken)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> anonymous = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/me")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).isEqualTo("svc");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        } finally {
            server.stop();
        }
    }
}

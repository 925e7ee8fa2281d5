package io.authdesign.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the servlet adapter does: method and path matching, and endpoints inside a context path. */
class ServletAdapterTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;

    @AfterEach
    void stop() throws Exception {
        http.close();
        if (server != null) {
            server.stop();
        }
    }

    /** AuthDesignServlet at {@code /*} of a context; the issuer is the context's URL. */
    private String start(String contextPath, Function<String, AuthDesign> design) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        server.setHandler(context);
        server.start();
        String base = "http://127.0.0.1:" + connector.getLocalPort() + (contextPath.equals("/") ? "" : contextPath);
        context.addServlet(new ServletHolder(new AuthDesignServlet(design.apply(base))), "/*");
        return base;
    }

    private static AuthDesign clientCredentials(String issuer) {
        return OAuth2ClientCredentialsBuilder.create()
                .setIssuer(issuer)
                .tokenRoute(
                        route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("at-" + ctx.clientId())))
                .build();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder tokenRequest(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("svc:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
    }

    @Test
    void otherMethodOnEndpointPathThen405WithAllow() throws Exception {
        String base = start("/", ServletAdapterTest::clientCredentials);

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token")).DELETE());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().allValues("Allow")).containsExactly("POST");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void pathOfNoEndpointThen404WithoutBody() throws Exception {
        String base = start("/", ServletAdapterTest::clientCredentials);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/oauth2/tokens")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void issuerWithPathServedFromContextOfThatPathThenEndpointsMatchInsideIt() throws Exception {
        String base = start("/auth", ServletAdapterTest::clientCredentials);

        HttpResponse<String> token = send(tokenRequest(base + "/oauth2/token"));
        HttpResponse<String> outside = send(tokenRequest(base.replace("/auth", "") + "/oauth2/token"));

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.body()).contains("\"access_token\":\"at-svc\"");
        assertThat(outside.statusCode()).isEqualTo(404);
    }
}

package io.authdesign.javalin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.resource.Credentials;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes marked with {@code AuthDesignPlugin.protect(...)}, over real HTTP (RFC 6750 section 3). */
class ProtectedRoutesTest {

    private static Javalin app;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer("http://127.0.0.1")
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                                ctx.createJwtAccessToken(Map.of()).token())
                        .setExpiresIn(ctx.ttl())))
                .build();
        app = Javalin.create(config -> {
                    config.registerPlugin(new AuthDesignPlugin(design));
                    config.routes.get("/api/me", ctx -> ctx.result(describe(ctx)), AuthDesignPlugin.protect());
                    config.routes.get("/api/admin", ctx -> ctx.result("admin"), AuthDesignPlugin.protect("admin"));
                    config.routes.get("/public", ctx -> ctx.result("hello"));
                    config.routes.get("/leaky", ctx -> ctx.result(describe(ctx)));
                })
                .start("127.0.0.1", 0);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        app.stop();
        http.close();
    }

    private static String describe(io.javalin.http.Context ctx) {
        Credentials credentials = AuthDesignPlugin.credentials(ctx);
        return credentials.subject() + "|" + credentials.clientId() + "|" + new TreeSet<>(credentials.scopes());
    }

    private static String token(String scope) throws Exception {
        String basic = Base64.getEncoder().encodeToString("svc:secret".getBytes(UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(url("/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void protectedRouteWhenValidJwtThenHandlerReadsCredentials() throws Exception {
        HttpResponse<String> response = get("/api/me", "Bearer " + token("read+write"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("svc|svc|[read, write]");
    }

    @Test
    void protectedRouteWhenNoTokenThen401BearerChallengeWithoutError() throws Exception {
        HttpResponse<String> response = get("/api/me", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void protectedRouteWhenTokenTamperedThen401InvalidToken() throws Exception {
        String token = token("read");
        String tampered = token.substring(0, token.length() - 4) + "AAAA";

        HttpResponse<String> response = get("/api/me", "Bearer " + tampered);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"");
        assertThat(response.body()).contains("\"error\":\"invalid_token\"");
    }

    @Test
    void protectedRouteWhenScopeMissingThen403InsufficientScope() throws Exception {
        HttpResponse<String> response = get("/api/admin", "Bearer " + token("read"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a"
                        + " required scope\", scope=\"admin\"");
        assertThat(get("/api/admin", "Bearer " + token("admin")).body()).isEqualTo("admin");
    }

    @Test
    void protectedRouteWhenOtherSchemeThen401() throws Exception {
        String basic = Base64.getEncoder().encodeToString("svc:secret".getBytes(UTF_8));

        assertThat(get("/api/me", "Basic " + basic).statusCode()).isEqualTo(401);
    }

    @Test
    void unprotectedRouteWhenNoTokenThenServedAndHasNoCredentials() throws Exception {
        assertThat(get("/public", null).body()).isEqualTo("hello");
        assertThat(get("/leaky", "Bearer " + token("read")).statusCode()).isEqualTo(500);
    }

    @Test
    void tokenEndpointWhenProtectionInstalledThenStillUnauthenticated() throws Exception {
        assertThat(token("read")).isNotBlank();
    }
}

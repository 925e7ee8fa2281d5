package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.resource.Credentials;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes the adapter protects with the design's authenticator, over real HTTP (RFC 6750 section 3). */
public abstract class ProtectedRoutesSuite {

    private static TestServer server;

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
        server = TestServer.start(
                design,
                TestRoute.protectedRoute("/api/me", ProtectedRoutesSuite::describe),
                TestRoute.protectedRoute("/api/admin", credentials -> "admin", "admin"),
                TestRoute.open("/public", credentials -> "hello"),
                TestRoute.open("/leaky", ProtectedRoutesSuite::describe));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String describe(Optional<Credentials> found) {
        return found.map(credentials -> credentials.subject() + "|" + credentials.clientId() + "|"
                        + new TreeSet<>(credentials.scopes()))
                .orElse("no credentials");
    }

    private static String token(String scope) {
        Reply reply = server.post(TestServer.TOKEN)
                .basic("svc", "secret")
                .body("grant_type=client_credentials&scope=" + scope)
                .send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return (String) reply.json().get("access_token");
    }

    private static Reply get(String path, String authorization) {
        TestServer.Call call = server.get(path);
        if (authorization != null) {
            call.header("Authorization", authorization);
        }
        return call.send();
    }

    @Test
    void protectedRouteWhenValidJwtThenHandlerReadsCredentials() {
        Reply reply = get("/api/me", "Bearer " + token("read+write"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("svc|svc|[read, write]");
    }

    @Test
    void protectedRouteWhenNoTokenThen401BearerChallengeWithoutError() {
        Reply reply = get("/api/me", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers("WWW-Authenticate")).containsExactly("Bearer");
    }

    @Test
    void protectedRouteWhenTokenTamperedThen401InvalidToken() {
        String token = token("read");
        String tampered = token.substring(0, token.length() - 4) + "AAAA";

        Reply reply = get("/api/me", "Bearer " + tampered);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate").orElseThrow()).startsWith("Bearer error=\"invalid_token\"");
        assertThat(reply.json()).containsEntry("error", "invalid_token");
        assertThat(reply.header("Content-Type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void protectedRouteWhenScopeMissingThen403InsufficientScope() {
        Reply reply = get("/api/admin", "Bearer " + token("read"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a"
                        + " required scope\", scope=\"admin\"");
        assertThat(get("/api/admin", "Bearer " + token("admin")).body()).isEqualTo("admin");
    }

    @Test
    void protectedRouteWhenOtherSchemeThen401() {
        assertThat(get("/api/me", TestServer.basic("svc", "secret")).status()).isEqualTo(401);
    }

    @Test
    void unprotectedRouteWhenTokenSentThenServedWithoutCredentials() {
        assertThat(get("/public", null).body()).isEqualTo("hello");
        assertThat(get("/leaky", "Bearer " + token("read")).body()).isEqualTo("no credentials");
    }

    @Test
    void tokenEndpointWhenProtectionInstalledThenStillUnauthenticated() {
        assertThat(token("read")).isNotBlank();
    }
}

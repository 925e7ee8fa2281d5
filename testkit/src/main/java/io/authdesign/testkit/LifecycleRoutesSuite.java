package io.authdesign.testkit;

import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.lifecycle.IntrospectionResult;
import io.authdesign.lifecycle.LifecycleContext;
import io.authdesign.lifecycle.RevocationResult;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The revocation and introspection route builders with the user's own handlers: the endpoints' rules
 * (form body, client authentication as at the token endpoint, a required {@code token}, handler results,
 * failures never leaking), and {@code MultipleFlows} asking each flow's handler in turn.
 */
public abstract class LifecycleRoutesSuite {

    private static final String ISSUER = Designs.ISSUER;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean secretMatches(LifecycleContext ctx) {
        return MessageDigest.isEqual(
                ctx.clientSecret().orElse("").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The README's example: revocation and introspection over the application's own token table. */
    static OAuth2ClientCredentials design(Map<String, String> tokensToClients) {
        // snippet:revocation-introspection-routes:begin
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod("client_secret_basic")
                .tokenRoute(route -> route.generateToken((ctx, request) -> null))
                .revocationRoute(route -> route.revokeToken((ctx, request) -> {
                    if (!secretMatches(ctx)) {
                        return RevocationResult.error(
                                OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed"));
                    }
                    tokensToClients.remove(ctx.token(), ctx.clientId()); // only the client's own token
                    return RevocationResult.REVOKED; // unknown tokens too: RFC 7009 section 2.2
                }))
                .introspectionRoute(route -> route.introspect((ctx, request) -> {
                    if (!secretMatches(ctx) || !ctx.clientId().equals("resource-server")) {
                        return IntrospectionResult.error(
                                OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed"));
                    }
                    String client = tokensToClients.get(ctx.token());
                    return client == null
                            ? IntrospectionResult.INACTIVE
                            : IntrospectionResult.active(Map.of("client_id", client, "scope", "read"));
                }))
                .build();
        // snippet:revocation-introspection-routes:end
        return design;
    }

    @Test
    void userHandlersWhenCalledThenRevokeAndDescribe() {
        Map<String, String> tokens = new ConcurrentHashMap<>(Map.of("t-1", "app", "t-2", "app"));
        server = TestServer.start(design(tokens));

        Reply active = server.post("/oauth2/introspect")
                .basic("resource-server", "s3cret")
                .form("token", "t-1", "token_type_hint", "access_token")
                .send();
        Reply revoked = server.post("/oauth2/revoke")
                .basic("app", "s3cret")
                .form("token", "t-1")
                .send();
        Reply byOther = server.post("/oauth2/revoke")
                .basic("intruder", "s3cret")
                .form("token", "t-2")
                .send();
        Reply inactive = server.post("/oauth2/introspect")
                .basic("resource-server", "s3cret")
                .form("token", "t-1")
                .send();

        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json()).isEqualTo(Map.of("active", true, "client_id", "app", "scope", "read"));
        assertThat(active.headers("Cache-Control")).containsExactly("no-store");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body()).isEmpty();
        assertThat(revoked.headers("Cache-Control")).containsExactly("no-store");
        assertThat(byOther.status()).isEqualTo(200);
        assertThat(tokens).containsOnlyKeys("t-2");
        assertThat(inactive.json()).isEqualTo(Map.of("active", false));
    }

    @Test
    void endpointsWhenRequestMalformedThenOAuthErrors() {
        server = TestServer.start(design(new ConcurrentHashMap<>()));

        for (String path : List.of("/oauth2/revoke", "/oauth2/introspect")) {
            assertError(
                    server.post(path).basic("app", "s3cret").form().send(),
                    400,
                    "invalid_request",
                    "The request is missing the 'token' parameter");
            Reply json = server.post(path)
                    .basic("app", "s3cret")
                    .contentType("application/json")
                    .body("{\"token\":\"t\"}")
                    .send();
            assertThat(json.status()).isEqualTo(400);
            assertThat(json.json()).containsEntry("error", "invalid_request");
            Reply twoMethods = server.post(path)
                    .basic("app", "s3cret")
                    .form("token", "t", "client_secret", "s3cret", "client_id", "app")
                    .send();
            assertThat(twoMethods.status()).isEqualTo(400);
            assertThat(twoMethods.json()).containsEntry("error", "invalid_request");
            Reply postMethod = server.post(path)
                    .form("token", "t", "client_id", "app", "client_secret", "s3cret")
                    .send();
            // RFC 7662 section 2.3: introspection answers a refused client with 401 whatever its method
            assertError(
                    postMethod,
                    path.endsWith("introspect") ? 401 : 400,
                    "invalid_client",
                    "The client authentication method is not supported");
        }
        Reply badSecret = server.post("/oauth2/revoke")
                .basic("app", "wrong")
                .form("token", "t")
                .send();
        assertThat(badSecret.status()).isEqualTo(401);
        assertThat(badSecret.headers("WWW-Authenticate")).hasSize(1);
        assertThat(badSecret.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void handlerWhenNullOrThrowsThenInvalidRequestOrServerErrorWithoutDetail() {
        server = TestServer.start(OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken((ctx, request) -> null))
                .revocationRoute(route -> route.revokeToken((ctx, request) -> null))
                .introspectionRoute(route -> route.introspect((ctx, request) -> {
                    throw new IllegalStateException("database password is hunter2");
                }))
                .build());

        assertError(
                server.post("/oauth2/revoke")
                        .basic("app", "x")
                        .form("token", "t")
                        .send(),
                400,
                "invalid_request",
                "The request was not accepted");
        Reply failed = server.post("/oauth2/introspect")
                .basic("app", "x")
                .form("token", "t")
                .send();
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json()).containsEntry("error", "server_error");
        assertThat(failed.body()).doesNotContain("hunter2", "IllegalStateException");
    }

    @Test
    void multipleFlowsWhenFirstHandlerContinuesThenNextIsAsked() {
        server = TestServer.start(MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create()
                        .tokenRoute(route -> route.generateToken((ctx, request) -> null))
                        .introspectionRoute(route ->
                                route.introspect((ctx, request) -> ctx.token().startsWith("a-")
                                        ? IntrospectionResult.active(Map.of("scope", "first"))
                                        : IntrospectionResult.CONTINUE))
                        .revocationRoute(route -> route.revokeToken((ctx, request) -> RevocationResult.CONTINUE)))
                .add(Designs.device(new RecordingHandler<>("unused"), "client_secret_basic")
                        .introspectionRoute(route ->
                                route.introspect((ctx, request) -> ctx.token().startsWith("b-")
                                        ? IntrospectionResult.active(Map.of("scope", "second", "active", "ignored"))
                                        : IntrospectionResult.CONTINUE)))
                .build());

        assertThat(introspect("a-1")).isEqualTo(Map.of("active", true, "scope", "first"));
        assertThat(introspect("b-1")).isEqualTo(Map.of("active", true, "scope", "second"));
        assertThat(introspect("c-1")).isEqualTo(Map.of("active", false));
        assertThat(server.post("/oauth2/revoke")
                        .basic("app", "x")
                        .form("token", "c-1")
                        .send()
                        .status())
                .isEqualTo(200);
        Map<String, Object> metadata = server.get(TestServer.METADATA).send().json();
        assertThat(metadata)
                .containsEntry("revocation_endpoint", ISSUER + "/oauth2/revoke")
                .containsEntry("introspection_endpoint", ISSUER + "/oauth2/introspect")
                .containsEntry("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        assertThat(Set.copyOf(metadata.keySet())).contains("introspection_signing_alg_values_supported");
    }

    private Map<String, Object> introspect(String token) {
        Reply reply = server.post("/oauth2/introspect")
                .basic("rs", "x")
                .form("token", token)
                .send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }
}

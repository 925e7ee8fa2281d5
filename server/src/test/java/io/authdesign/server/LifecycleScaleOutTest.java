package io.authdesign.server;

import static io.authdesign.server.ScaleOutTest.assertError;
import static io.authdesign.server.ScaleOutTest.authorize;
import static io.authdesign.server.ScaleOutTest.redeem;
import static io.authdesign.server.ScaleOutTest.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Revocation (RFC 7009), introspection (RFC 7662) and revocable JWT access tokens across two reference-server
 * nodes sharing PostgreSQL (and, in {@link LifecycleScaleOutRedisTest}, Redis), over HTTP with the Nimbus
 * SDK: a token revoked on node A is refused on node B at {@code /api/me}, userinfo and introspection; a
 * reused code makes the first redemption's access token inactive everywhere; a client can neither revoke nor
 * introspect another client's token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleScaleOutTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 300
            clients:
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, profile]
                redirectUris: [https://app.example.com/callback]
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
              - clientId: rs
                clientSecret: rs-secret
                authMethods: [client_secret_basic, client_secret_post]
                grantTypes: [client_credentials]
                introspection: true
              - clientId: ops
                clientSecret: ops-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: ["authdesign:admin"]
            users:
              - username: alice
                password: alice-password
            """;

    SharedStorage storage;
    TestServer a;
    TestServer b;

    /** Whether the nodes also share Redis. */
    boolean withRedis() {
        return false;
    }

    @BeforeAll
    void start() {
        storage = SharedStorage.create();
        String config = CONFIG + storage.yaml(withRedis());
        a = TestServer.start(config);
        b = TestServer.start(config.replace("issuer: http://127.0.0.1:PORT", "issuer: " + a.issuer()));
    }

    @AfterAll
    void stop() {
        try {
            b.close();
            a.close();
        } finally {
            storage.close();
        }
    }

    /** The tokens of a new grant of {@code web}: a code approved on A, redeemed on B. */
    Map<String, Object> webTokens() {
        HttpResponse<String> tokens = redeem(b, authorize(a));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Http.json(tokens);
    }

    static String serviceToken(TestServer node) {
        HttpResponse<String> token = Http.postForm(
                node.tokenUrl(),
                Http.basic("svc", "svc-secret"),
                Map.of("grant_type", "client_credentials", "scope", "read"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return (String) Http.json(token).get("access_token");
    }

    static HTTPResponse revoke(TestServer node, String clientId, String secret, Token token) throws IOException {
        return new TokenRevocationRequest(
                        URI.create(node.baseUrl() + "/oauth2/revoke"),
                        new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                        token)
                .toHTTPRequest()
                .send();
    }

    static HTTPResponse introspect(TestServer node, String clientId, String secret, Token token) throws IOException {
        return new TokenIntrospectionRequest(
                        URI.create(node.baseUrl() + "/oauth2/introspect"),
                        new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                        token)
                .toHTTPRequest()
                .send();
    }

    static TokenIntrospectionSuccessResponse introspected(TestServer node, Token token)
            throws IOException, ParseException {
        HTTPResponse response = introspect(node, "rs", "rs-secret", token);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return TokenIntrospectionResponse.parse(response).toSuccessResponse();
    }

    static void assertAlive(TestServer node, String accessToken, boolean openId) throws Exception {
        assertThat(Http.bearer(node.baseUrl() + ReferenceServer.ME, accessToken).statusCode())
                .isEqualTo(200);
        if (openId) {
            assertThat(Http.bearer(node.baseUrl() + "/oauth2/userinfo", accessToken)
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(introspected(node, new BearerAccessToken(accessToken)).isActive())
                .isTrue();
    }

    static void assertDead(TestServer node, String accessToken, boolean openId) throws Exception {
        HttpResponse<String> me = Http.bearer(node.baseUrl() + ReferenceServer.ME, accessToken);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(401);
        assertThat(me.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        if (openId) {
            HttpResponse<String> userinfo = Http.bearer(node.baseUrl() + "/oauth2/userinfo", accessToken);
            assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(401);
            assertThat(userinfo.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"invalid_token\"");
        }
        TokenIntrospectionSuccessResponse introspection = introspected(node, new BearerAccessToken(accessToken));
        assertThat(introspection.isActive()).isFalse();
        assertThat(introspection.toJSONObject()).containsOnlyKeys("active");
    }

    @Test
    void revokeRefreshTokenOnAThenGrantDeadOnB() throws Exception {
        Map<String, Object> tokens = webTokens();
        String accessToken = (String) tokens.get("access_token");
        String refreshToken = (String) tokens.get("refresh_token");
        assertAlive(b, accessToken, true);

        HTTPResponse revoked = revoke(a, "web", "web-secret", new RefreshToken(refreshToken));

        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertDead(b, accessToken, true);
        assertDead(a, accessToken, true);
        assertError(refresh(b, refreshToken), 400, "invalid_grant");
        assertThat(introspected(b, new RefreshToken(refreshToken)).isActive()).isFalse();
    }

    @Test
    void revokeAccessTokenOnBThenDeadOnA() throws Exception {
        String accessToken = (String) webTokens().get("access_token");

        assertThat(revoke(b, "web", "web-secret", new BearerAccessToken(accessToken))
                        .getStatusCode())
                .isEqualTo(200);

        assertDead(a, accessToken, true);
    }

    @Test
    void codeReuseOnBThenFirstRedemptionsAccessTokenInactiveOnA() throws Exception {
        String code = authorize(a);
        HttpResponse<String> first = redeem(a, code);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String accessToken = (String) Http.json(first).get("access_token");
        assertAlive(a, accessToken, true);

        assertError(redeem(b, code), 400, "invalid_grant");

        assertDead(a, accessToken, true);
        assertDead(b, accessToken, true);
    }

    @Test
    void refreshReuseOnAThenAccessTokensDeadOnB() throws Exception {
        Map<String, Object> tokens = webTokens();
        String first = (String) tokens.get("refresh_token");
        HttpResponse<String> rotated = refresh(a, first);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);

        assertError(refresh(a, first), 400, "invalid_grant");

        assertDead(b, (String) tokens.get("access_token"), true);
        assertDead(b, (String) Http.json(rotated).get("access_token"), true);
    }

    @Test
    void revokeClientCredentialsTokenOnAThenDeadOnB() throws Exception {
        String accessToken = serviceToken(a);
        assertAlive(b, accessToken, false);

        assertThat(revoke(a, "svc", "svc-secret", new BearerAccessToken(accessToken))
                        .getStatusCode())
                .isEqualTo(200);

        assertDead(b, accessToken, false);
        // another token of the same client is its own grant
        assertAlive(b, serviceToken(b), false);
    }

    @Test
    void clientCannotRevokeAnotherClientsTokens() throws Exception {
        Map<String, Object> tokens = webTokens();
        String serviceToken = serviceToken(a);

        HTTPResponse byWeb = revoke(b, "web", "web-secret", new BearerAccessToken(serviceToken));
        HTTPResponse bySvc = revoke(b, "svc", "svc-secret", new RefreshToken((String) tokens.get("refresh_token")));
        HTTPResponse bySvcAccess =
                revoke(a, "svc", "svc-secret", new BearerAccessToken((String) tokens.get("access_token")));

        for (HTTPResponse refused : new HTTPResponse[] {byWeb, bySvc, bySvcAccess}) {
            assertThat(refused.getStatusCode()).isEqualTo(400);
            assertThat(refused.getBodyAsJSONObject()).containsEntry("error", "invalid_request");
        }
        assertAlive(a, serviceToken, false);
        assertAlive(b, (String) tokens.get("access_token"), true);
        assertThat(refresh(a, (String) tokens.get("refresh_token")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void clientWithoutIntrospectionCannotIntrospectAnyToken() throws Exception {
        Map<String, Object> tokens = webTokens();
        String serviceToken = serviceToken(a);

        HTTPResponse own = introspect(b, "svc", "svc-secret", new BearerAccessToken(serviceToken));
        HTTPResponse others = introspect(b, "web", "web-secret", new BearerAccessToken(serviceToken));
        HTTPResponse refresh =
                introspect(a, "svc", "svc-secret", new RefreshToken((String) tokens.get("refresh_token")));
        HTTPResponse wrongSecret = introspect(a, "rs", "wrong", new BearerAccessToken(serviceToken));

        for (HTTPResponse refused : new HTTPResponse[] {own, others, refresh, wrongSecret}) {
            assertThat(refused.getStatusCode()).isEqualTo(401);
            assertThat(refused.getBodyAsJSONObject())
                    .containsEntry("error", "invalid_client")
                    .doesNotContainKey("active");
        }
    }

    @Test
    void introspectOnBDescribesTokensIssuedOnA() throws Exception {
        String serviceToken = serviceToken(a);
        Map<String, Object> tokens = webTokens();

        TokenIntrospectionSuccessResponse service = introspected(b, new BearerAccessToken(serviceToken));
        TokenIntrospectionSuccessResponse refresh =
                introspected(b, new RefreshToken((String) tokens.get("refresh_token")));

        assertThat(service.isActive()).isTrue();
        assertThat(service.getClientID().getValue()).isEqualTo("svc");
        assertThat(service.getSubject().getValue()).isEqualTo("svc");
        assertThat(service.getScope().toString()).isEqualTo("read");
        assertThat(service.getIssuer().getValue()).isEqualTo(a.issuer());
        assertThat(service.getExpirationTime().getTime()
                        - service.getIssueTime().getTime())
                .isEqualTo(300_000L);
        assertThat(refresh.isActive()).isTrue();
        assertThat(refresh.getClientID().getValue()).isEqualTo("web");
        assertThat(refresh.getSubject()).isNotNull();
    }

    @Test
    void adminRevokesGrantOnAThenDeadOnB() throws Exception {
        Map<String, Object> tokens = webTokens();
        String accessToken = (String) tokens.get("access_token");
        String grantId = (String) SignedJWT.parse(accessToken).getJWTClaimsSet().getClaim("grant_id");
        HttpResponse<String> admin = Http.postForm(
                a.tokenUrl(),
                Http.basic("ops", "ops-secret"),
                Map.of("grant_type", "client_credentials", "scope", "authdesign:admin"));
        String adminToken = (String) Http.json(admin).get("access_token");

        HttpResponse<String> withoutScope = Http.postForm(
                a.baseUrl() + ReferenceServer.REVOKE_GRANT_PATH,
                "Bearer " + serviceToken(a),
                Map.of("grant_id", grantId));
        assertThat(withoutScope.statusCode()).isEqualTo(403);
        assertAlive(b, accessToken, true);

        HttpResponse<String> revoked = Http.postForm(
                a.baseUrl() + ReferenceServer.REVOKE_GRANT_PATH, "Bearer " + adminToken, Map.of("grant_id", grantId));

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertDead(b, accessToken, true);
        assertError(refresh(b, (String) tokens.get("refresh_token")), 400, "invalid_grant");
    }

    @Test
    void metadataAdvertisesBothEndpoints() {
        Map<String, Object> metadata = Http.json(Http.get(b.baseUrl() + "/.well-known/openid-configuration"));

        assertThat(metadata)
                .containsEntry("revocation_endpoint", a.issuer() + "/oauth2/revoke")
                .containsEntry("introspection_endpoint", a.issuer() + "/oauth2/introspect")
                .containsKey("revocation_endpoint_auth_methods_supported")
                .containsKey("introspection_endpoint_auth_methods_supported");
    }

    @Test
    void unknownTokenRevokedWith200AndIntrospectedInactive() throws Exception {
        assertThat(revoke(a, "web", "web-secret", new RefreshToken("not-a-token"))
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(introspected(b, new BearerAccessToken("not-a-token")).isActive())
                .isFalse();
    }
}

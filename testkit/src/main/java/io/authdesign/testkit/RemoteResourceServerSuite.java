package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenType;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.resource.ResourceServer;
import io.authdesign.token.BearerToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An API on its own server, protected by the adapter with a {@link ResourceServer} that knows the
 * authorization server (another server) only by its issuer,
 * over real HTTP: tokens verified against the discovered {@code jwks_uri}, RFC 6750 refusals, and DPoP at
 * the resource with the token bound to the proof's key (RFC 9449 section 7).
 */
public abstract class RemoteResourceServerSuite {

    static final String API = "https://api.example.com";
    static final String ORDERS = "/api/orders";

    private final List<TestServer> servers = new ArrayList<>();
    private final DPoPProofs client = DPoPProofs.generate();
    private final DPoPProofs other = DPoPProofs.generate();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    /** The authorization server: client credentials, tokens for the API's audience, this token type. */
    private TestServer authorizationServer(TokenType tokenType) {
        TestServer server = TestServer.startAtOwnIssuer(issuer -> OAuth2ClientCredentialsBuilder.create()
                .setIssuer(issuer)
                .addClientAuthenticationMethod("client_secret_basic")
                .setTokenType(tokenType)
                .useAccessTokenJwks(true)
                .jwksRoute(route -> route.setPath("/oauth2/keys"))
                .setAccessTokenAudience(API)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                                ctx.createJwtAccessToken(Map.of()).token())
                        .setExpiresIn(ctx.ttl())
                        .setScope(ctx.scope().orElse(null))))
                .build());
        servers.add(server);
        return server;
    }

    private TestServer api(TestServer authorizationServer, TokenType tokenType) {
        ResourceServer protection = ResourceServer.builder()
                .issuer("http://127.0.0.1:" + authorizationServer.port())
                .publicUrl(API)
                .audience(API)
                .tokenType(tokenType)
                .build();
        TestServer server = TestServer.startResourceServer(protection, ROUTES);
        servers.add(server);
        return server;
    }

    private static final TestRoute[] ROUTES = {
        TestRoute.protectedRoute(
                ORDERS, credentials -> credentials.orElseThrow().subject(), "orders:read"),
        TestRoute.protectedPost(ORDERS, credentials -> "created", "orders:write")
    };

    private static String token(TestServer authorizationServer, String scope, DPoPProofs key) {
        TestServer.Call call = authorizationServer
                .post(TestServer.TOKEN)
                .basic("svc", "secret")
                .form("grant_type", "client_credentials", "scope", scope);
        if (key != null) {
            call.header("DPoP", key.proof("POST", "http://127.0.0.1:" + authorizationServer.port() + TestServer.TOKEN));
        }
        Reply reply = call.send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return (String) reply.json().get("access_token");
    }

    private static Reply get(TestServer api, String authorization, String proof) {
        TestServer.Call call = api.get(ORDERS).header("Authorization", authorization);
        if (proof != null) {
            call.header("DPoP", proof);
        }
        return call.send();
    }

    @Test
    void tokenOfTheIssuerThenAcceptedByTheApiInAnotherServer() {
        TestServer as = authorizationServer(new BearerToken());
        TestServer api = api(as, new BearerToken());

        Reply reply = get(api, "Bearer " + token(as, "orders:read", null), null);

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("svc");
    }

    @Test
    void tokenWithoutTheRouteScopeThen403InsufficientScope() {
        TestServer as = authorizationServer(new BearerToken());
        TestServer api = api(as, new BearerToken());

        Reply reply = api.post(ORDERS)
                .header("Authorization", "Bearer " + token(as, "orders:read", null))
                .send();

        assertThat(reply.status()).as("%s", reply).isEqualTo(403);
        assertThat(reply.headers("WWW-Authenticate"))
                .containsExactly("Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a"
                        + " required scope\", scope=\"orders:write\"");
        assertThat(reply.json()).containsEntry("error", "insufficient_scope");
    }

    @Test
    void tamperedTokenOrNoTokenThen401() {
        TestServer as = authorizationServer(new BearerToken());
        TestServer api = api(as, new BearerToken());
        String token = token(as, "orders:read", null);
        String[] parts = token.split("\\.");
        String widened = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"orders:read\"", "\"orders:read orders:write\"");
        String tampered = parts[0] + "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(widened.getBytes()) + "."
                + parts[2];

        Reply reply = get(api, "Bearer " + tampered, null);

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.headers("WWW-Authenticate"))
                .containsExactly(
                        "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
        Reply none = api.get(ORDERS).send();
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers("WWW-Authenticate")).containsExactly("Bearer");
    }

    @Test
    void authorizationServerDownThen503AndTheTokenNotCalledInvalid() {
        TestServer as = authorizationServer(new BearerToken());
        TestServer api = api(as, new BearerToken());
        String token = token(as, "orders:read", null);
        as.close();
        servers.remove(as);

        Reply reply = get(api, "Bearer " + token, null);

        assertThat(reply.status()).as("%s", reply).isEqualTo(503);
        assertThat(reply.header("Retry-After")).contains("5");
        assertThat(reply.json()).containsEntry("error", "temporarily_unavailable");
    }

    @Test
    void dpopBoundTokenWithItsProofThenAcceptedAndReplayOrAnotherKeyRefused() {
        TestServer as = authorizationServer(new DPoPToken());
        TestServer api = api(as, new DPoPToken());
        String token = token(as, "orders:read", client);
        String proof = client.proof("GET", API + ORDERS, token, null);

        Reply accepted = get(api, "DPoP " + token, proof);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);

        Reply replayed = get(api, "DPoP " + token, proof);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json()).containsEntry("error", "invalid_dpop_proof");

        Reply foreignKey = get(api, "DPoP " + token, other.proof("GET", API + ORDERS, token, null));
        assertThat(foreignKey.status()).isEqualTo(401);
        assertThat(foreignKey.headers("WWW-Authenticate").get(0))
                .startsWith("DPoP error=\"invalid_token\", error_description=\"The access token is not bound");

        Reply wrongUrl =
                get(api, "DPoP " + token, client.proof("GET", api.uri(ORDERS).toString(), token, null));
        assertThat(wrongUrl.json()).containsEntry("error", "invalid_dpop_proof");
    }

    @Test
    void dpopBoundTokenPresentedAsBearerThen401() {
        TestServer as = authorizationServer(new DPoPToken().setRequired(false));
        TestServer api = api(as, new DPoPToken().setRequired(false));
        String token = token(as, "orders:read", client);

        Reply reply = get(api, "Bearer " + token, null);

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.json())
                .containsEntry("error", "invalid_token")
                .containsEntry("error_description", "A DPoP-bound access token must be presented with the DPoP scheme");
        assertThat(get(api, "Bearer " + token(as, "orders:read", null), null).status())
                .isEqualTo(200);
    }
}

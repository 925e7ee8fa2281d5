package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ALICE_SUB;
import static io.authdesign.testkit.ReadyFlows.INTROSPECT;
import static io.authdesign.testkit.ReadyFlows.ME;
import static io.authdesign.testkit.ReadyFlows.OTHER;
import static io.authdesign.testkit.ReadyFlows.OTHER_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.OTHER_SECRET;
import static io.authdesign.testkit.ReadyFlows.REVOKE;
import static io.authdesign.testkit.ReadyFlows.RS;
import static io.authdesign.testkit.ReadyFlows.RS_SECRET;
import static io.authdesign.testkit.ReadyFlows.USERINFO;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.request;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation (RFC 7009), introspection (RFC 7662, RFC 9701) and revocable JWT access tokens with the ready
 * flows on in-memory stores, over HTTP with the Nimbus SDK as the client and the resource server: every
 * revocation reaches the access tokens already issued at a protected route, userinfo and introspection.
 */
public abstract class TokenLifecycleSuite {

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    /** The tokens of a new grant of {@code web}: a code approved by alice and redeemed. */
    private Map<String, Object> webTokens() {
        return tokens(WEB, WEB_SECRET, WEB_REDIRECT);
    }

    private Map<String, Object> tokens(String clientId, String secret, String redirectUri) {
        String code = code(clientId, redirectUri);
        Reply reply = redeem(clientId, secret, redirectUri, code);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    private String code(String clientId, String redirectUri) {
        return ReadyAuthorizationCodeFlowSuite.authorize(flows, flows.browser(), request(clientId, redirectUri, null))
                .get("code");
    }

    private Reply redeem(String clientId, String secret, String redirectUri, String code) {
        return flows.token(clientId, secret)
                .form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri)
                .send();
    }

    private URI uri(String path) {
        return flows.server.uri(path);
    }

    private HTTPResponse revoke(String clientId, String secret, Token token) throws Exception {
        return new TokenRevocationRequest(
                        uri(REVOKE), new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), token)
                .toHTTPRequest()
                .send();
    }

    private TokenIntrospectionSuccessResponse introspect(Token token) throws Exception {
        HTTPResponse http = new TokenIntrospectionRequest(
                        uri(INTROSPECT), new ClientSecretBasic(new ClientID(RS), new Secret(RS_SECRET)), token)
                .toHTTPRequest()
                .send();
        assertThat(http.getStatusCode()).as(http.getBody()).isEqualTo(200);
        assertThat(http.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        return TokenIntrospectionResponse.parse(http).toSuccessResponse();
    }

    private Reply me(String accessToken) {
        return flows.server
                .get(ME)
                .header("Authorization", "Bearer " + accessToken)
                .send();
    }

    private Reply userinfo(String accessToken) {
        return flows.server
                .get(USERINFO)
                .header("Authorization", "Bearer " + accessToken)
                .send();
    }

    /** The access token is refused at the protected route, at userinfo, and inactive at introspection. */
    private void assertDead(String accessToken) throws Exception {
        Reply me = me(accessToken);
        assertThat(me.status()).as("%s", me).isEqualTo(401);
        assertThat(me.header("WWW-Authenticate").orElseThrow()).contains("Bearer error=\"invalid_token\"");
        Reply userinfo = userinfo(accessToken);
        assertThat(userinfo.status()).as("%s", userinfo).isEqualTo(401);
        assertThat(userinfo.header("WWW-Authenticate").orElseThrow()).contains("Bearer error=\"invalid_token\"");
        TokenIntrospectionSuccessResponse introspection = introspect(new BearerAccessToken(accessToken));
        assertThat(introspection.isActive()).isFalse();
        assertThat(introspection.toJSONObject()).containsOnlyKeys("active");
    }

    private void assertAlive(String accessToken) throws Exception {
        assertThat(me(accessToken).status()).isEqualTo(200);
        assertThat(userinfo(accessToken).status()).isEqualTo(200);
        assertThat(introspect(new BearerAccessToken(accessToken)).isActive()).isTrue();
    }

    private Reply refresh(String clientId, String secret, String refreshToken) {
        return flows.token(clientId, secret)
                .form("grant_type", "refresh_token", "refresh_token", refreshToken)
                .send();
    }

    @Test
    void revokeWhenRefreshTokenThenFamilyAndGrantAccessTokensDead() throws Exception {
        Map<String, Object> tokens = webTokens();
        String accessToken = (String) tokens.get("access_token");
        String refreshToken = (String) tokens.get("refresh_token");
        assertAlive(accessToken);

        HTTPResponse revoked = revoke(WEB, WEB_SECRET, new RefreshToken(refreshToken));

        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(revoked.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        assertError(refresh(WEB, WEB_SECRET, refreshToken), 400, "invalid_grant", "The refresh token was revoked");
        assertDead(accessToken);
        assertThat(introspect(new RefreshToken(refreshToken)).isActive()).isFalse();
    }

    @Test
    void revokeWhenAccessTokenWithHintThenItsGrantIsRevoked() throws Exception {
        Map<String, Object> tokens = webTokens();
        String accessToken = (String) tokens.get("access_token");

        HTTPResponse revoked = revoke(WEB, WEB_SECRET, new BearerAccessToken(accessToken));

        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertDead(accessToken);
        // RFC 7009 section 2.1: the server may revoke the grant's refresh token as well, and does
        assertError(
                refresh(WEB, WEB_SECRET, (String) tokens.get("refresh_token")),
                400,
                "invalid_grant",
                "The refresh token was revoked");
    }

    @Test
    void revokeWhenAccessTokenWithoutHintThenFoundAnyway() throws Exception {
        String accessToken = (String) webTokens().get("access_token");

        HTTPResponse revoked = revoke(WEB, WEB_SECRET, new TypelessAccessToken(accessToken));

        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertDead(accessToken);
    }

    @Test
    void revokeWhenRefreshTokenSentWithAccessTokenHintThenStillRevoked() {
        Map<String, Object> tokens = webTokens();
        String refreshToken = (String) tokens.get("refresh_token");

        Reply revoked = flows.server
                .post(REVOKE)
                .basic(WEB, WEB_SECRET)
                .form("token", refreshToken, "token_type_hint", "access_token")
                .send();

        assertThat(revoked.status()).isEqualTo(200);
        assertError(refresh(WEB, WEB_SECRET, refreshToken), 400, "invalid_grant", "The refresh token was revoked");
    }

    @Test
    void revokeWhenUnknownOrForeignTokenThen200() throws Exception {
        assertThat(revoke(WEB, WEB_SECRET, new RefreshToken("never-issued")).getStatusCode())
                .isEqualTo(200);
        String foreign = Jwts.foreignAccessToken(flows.issuer);
        assertThat(revoke(WEB, WEB_SECRET, new BearerAccessToken(foreign)).getStatusCode())
                .isEqualTo(200);
        Reply unknownHint = flows.server
                .post(REVOKE)
                .basic(WEB, WEB_SECRET)
                .form("token", "x", "token_type_hint", "urn:example:other")
                .send();
        assertThat(unknownHint.status()).isEqualTo(200);
    }

    @Test
    void revokeWhenAnotherClientsTokensThenRefusedAndTokensStillWork() throws Exception {
        Map<String, Object> tokens = webTokens();
        String accessToken = (String) tokens.get("access_token");
        String refreshToken = (String) tokens.get("refresh_token");

        Reply byOther = flows.server
                .post(REVOKE)
                .basic(OTHER, OTHER_SECRET)
                .form("token", refreshToken)
                .send();
        Reply byOtherAccess = flows.server
                .post(REVOKE)
                .basic(OTHER, OTHER_SECRET)
                .form("token", accessToken, "token_type_hint", "access_token")
                .send();

        assertError(byOther, 400, "invalid_request", "The token was not issued to this client");
        assertError(byOtherAccess, 400, "invalid_request", "The token was not issued to this client");
        assertAlive(accessToken);
        assertThat(refresh(WEB, WEB_SECRET, refreshToken).status()).isEqualTo(200);
    }

    @Test
    void revokeWhenClientAuthenticationFailsThenInvalidClientAndNothingRevoked() throws Exception {
        Map<String, Object> tokens = webTokens();
        String refreshToken = (String) tokens.get("refresh_token");

        HTTPResponse wrongSecret = revoke(WEB, "wrong-secret", new RefreshToken(refreshToken));
        Reply noClient = flows.server.post(REVOKE).form("token", refreshToken).send();

        assertThat(wrongSecret.getStatusCode()).isEqualTo(401);
        assertThat(wrongSecret.getHeaderValue("WWW-Authenticate")).startsWith("Basic");
        assertThat(wrongSecret.getBodyAsJSONObject()).containsEntry("error", "invalid_client");
        assertError(noClient, 400, "invalid_client", "Client authentication is required");
        assertAlive((String) tokens.get("access_token"));
    }

    @Test
    void revokeWhenTokenMissingOrRepeatedThenInvalidRequest() {
        assertError(
                flows.server.post(REVOKE).basic(WEB, WEB_SECRET).form().send(),
                400,
                "invalid_request",
                "The request is missing the 'token' parameter");
        Reply repeated = flows.server
                .post(REVOKE)
                .basic(WEB, WEB_SECRET)
                .form("token", "a", "token", "b")
                .send();
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(repeated.json()).containsEntry("error", "invalid_request");
        Reply get = flows.server.get(REVOKE).send();
        assertThat(get.status()).isIn(404, 405);
    }

    @Test
    void introspectWhenActiveAccessTokenThenStandardMembers() throws Exception {
        String accessToken = (String) webTokens().get("access_token");

        TokenIntrospectionSuccessResponse response = introspect(new BearerAccessToken(accessToken));

        assertThat(response.isActive()).isTrue();
        assertThat(response.getScope().toStringList()).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(response.getClientID()).isEqualTo(new ClientID(WEB));
        assertThat(response.getSubject().getValue()).isEqualTo(ALICE_SUB);
        assertThat(response.getTokenType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(response.getIssuer()).isEqualTo(new Issuer(flows.issuer));
        assertThat(response.getAudience()).containsExactly(new Audience(flows.issuer));
        assertThat(response.getExpirationTime()).isAfter(response.getIssueTime());
        assertThat(response.getExpirationTime().toInstant())
                .isEqualTo(response.getIssueTime().toInstant().plusSeconds(3600));
        assertThat(response.getJWTID()).isNotNull();
        assertThat(response.toJSONObject()).doesNotContainKey("cnf");
    }

    @Test
    void introspectWhenRefreshTokenThenActiveWithItsGrant() throws Exception {
        String refreshToken = (String) webTokens().get("refresh_token");

        TokenIntrospectionSuccessResponse response = introspect(new RefreshToken(refreshToken));

        assertThat(response.isActive()).isTrue();
        assertThat(response.getClientID()).isEqualTo(new ClientID(WEB));
        assertThat(response.getSubject().getValue()).isEqualTo(ALICE_SUB);
        assertThat(response.getScope().toStringList()).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(response.getExpirationTime().toInstant())
                .isEqualTo(flows.clock.instant().plus(Duration.ofDays(30)));
        // never mistaken for an access token by a resource server that introspects it
        assertThat(response.toJSONObject()).containsEntry("token_type", "refresh_token");
    }

    @Test
    void introspectWhenExpiredUnknownOrForeignThenInactive() throws Exception {
        String accessToken = (String) webTokens().get("access_token");
        assertThat(introspect(new RefreshToken("never-issued")).isActive()).isFalse();
        assertThat(introspect(new BearerAccessToken(Jwts.foreignAccessToken(flows.issuer)))
                        .isActive())
                .isFalse();

        flows.clock.advance(Duration.ofSeconds(3600));

        TokenIntrospectionSuccessResponse expired = introspect(new BearerAccessToken(accessToken));
        assertThat(expired.isActive()).isFalse();
        assertThat(expired.toJSONObject()).containsOnlyKeys("active");
    }

    @Test
    void introspectWhenClientMayNotIntrospectThen401InvalidClient() throws Exception {
        Map<String, Object> tokens = webTokens();

        // the client itself, holding the token, is no resource server
        HTTPResponse own = new TokenIntrospectionRequest(
                        uri(INTROSPECT),
                        new ClientSecretBasic(new ClientID(WEB), new Secret(WEB_SECRET)),
                        new BearerAccessToken((String) tokens.get("access_token")))
                .toHTTPRequest()
                .send();
        Reply other = flows.server
                .post(INTROSPECT)
                .form("client_id", OTHER, "client_secret", OTHER_SECRET, "token", (String) tokens.get("refresh_token"))
                .send();
        Reply wrongSecret = flows.server
                .post(INTROSPECT)
                .basic(RS, "wrong")
                .form("token", (String) tokens.get("access_token"))
                .send();

        assertThat(own.getStatusCode()).isEqualTo(401);
        assertThat(own.getBodyAsJSONObject()).containsEntry("error", "invalid_client");
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.json()).containsEntry("error", "invalid_client").doesNotContainKey("active");
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void introspectWhenJwtAcceptedThenSignedResponse() throws Exception {
        String accessToken = (String) webTokens().get("access_token");

        Reply reply = flows.server
                .post(INTROSPECT)
                .basic(RS, RS_SECRET)
                .header("Accept", "application/token-introspection+jwt")
                .form("token", accessToken)
                .send();

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.header("Content-Type")).contains("application/token-introspection+jwt");
        SignedJWT jwt = SignedJWT.parse(reply.body());
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("token-introspection+jwt");
        JWKSet keys = JWKSet.parse(flows.server.get("/oauth2/keys").send().body());
        ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(flows.issuer);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(RS);
        assertThat(jwt.getJWTClaimsSet().getIssueTime()).isNotNull();
        Map<String, Object> introspection = jwt.getJWTClaimsSet().getJSONObjectClaim("token_introspection");
        assertThat(introspection).containsEntry("active", true).containsEntry("client_id", WEB);
        assertThat(jwt.getState()).isEqualTo(JWSObject.State.VERIFIED);
    }

    @Test
    void codeReuseThenFirstRedemptionsAccessTokenInactive() throws Exception {
        String code = code(WEB, WEB_REDIRECT);
        Reply first = redeem(WEB, WEB_SECRET, WEB_REDIRECT, code);
        String accessToken = (String) first.json().get("access_token");
        assertAlive(accessToken);

        Reply second = redeem(WEB, WEB_SECRET, WEB_REDIRECT, code);

        assertError(second, 400, "invalid_grant", "The authorization code was already used");
        assertDead(accessToken);
    }

    @Test
    void refreshWhenRotatedThenEachRefreshTokenBeginsWithItsIssueTimeThenRandomBits() {
        String first = (String) webTokens().get("refresh_token");
        long issued = flows.clock.instant().toEpochMilli();
        flows.clock.advance(Duration.ofSeconds(90));

        Reply rotated = refresh(WEB, WEB_SECRET, first);

        assertThat(rotated.status()).isEqualTo(200);
        String second = (String) rotated.json().get("refresh_token");
        // io.authdesign.store.OrderedTokens: stores index the tokens in the order they were issued
        assertThat(List.of(first, second)).allMatch(token -> token.matches("[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}"));
        assertThat(Long.parseLong(first.substring(0, 12), 16)).isEqualTo(issued);
        assertThat(Long.parseLong(second.substring(0, 12), 16)).isEqualTo(issued + 90_000);
        assertThat(second.substring(13)).isNotEqualTo(first.substring(13));
    }

    @Test
    void refreshReuseThenEveryAccessTokenOfTheGrantRevoked() throws Exception {
        Map<String, Object> tokens = webTokens();
        String first = (String) tokens.get("refresh_token");
        Reply rotated = refresh(WEB, WEB_SECRET, first);
        assertThat(rotated.status()).isEqualTo(200);
        String refreshedAccessToken = (String) rotated.json().get("access_token");

        Reply reuse = refresh(WEB, WEB_SECRET, first);

        assertError(reuse, 400, "invalid_grant", "The refresh token was already used");
        assertDead((String) tokens.get("access_token"));
        assertDead(refreshedAccessToken);
    }

    @Test
    void revokeWhenOneGrantThenOtherGrantsOfTheUserLive() throws Exception {
        String revoked = (String) webTokens().get("refresh_token");
        String otherGrant = (String) tokens(OTHER, OTHER_SECRET, OTHER_REDIRECT).get("access_token");

        assertThat(revoke(WEB, WEB_SECRET, new RefreshToken(revoked)).getStatusCode())
                .isEqualTo(200);

        assertAlive(otherGrant);
    }

    @Test
    void adminRevokeGrantThenItsTokensDead() throws Exception {
        Map<String, Object> tokens = webTokens();
        String accessToken = (String) tokens.get("access_token");
        String grantId = (String) SignedJWT.parse(accessToken).getJWTClaimsSet().getClaim("grant_id");

        flows.lifecycle.revokeGrant(grantId);

        assertDead(accessToken);
        assertError(
                refresh(WEB, WEB_SECRET, (String) tokens.get("refresh_token")),
                400,
                "invalid_grant",
                "The refresh token was revoked");
    }

    @Test
    void userinfoWhenTokenInFormBodyThenClaims() {
        String accessToken = (String) webTokens().get("access_token");

        Reply reply =
                flows.server.post(USERINFO).form("access_token", accessToken).send();

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json()).containsEntry("sub", ALICE_SUB).containsEntry("name", "Alice Liddell");
    }

    @Test
    void userinfoWhenTokenInBodyAndHeaderThenInvalidRequest() {
        String accessToken = (String) webTokens().get("access_token");

        Reply reply = flows.server
                .post(USERINFO)
                .header("Authorization", "Bearer " + accessToken)
                .form("access_token", accessToken)
                .send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void userinfoWhenRevokedTokenInFormBodyThenInvalidToken() throws Exception {
        Map<String, Object> tokens = webTokens();
        String accessToken = (String) tokens.get("access_token");
        revoke(WEB, WEB_SECRET, new RefreshToken((String) tokens.get("refresh_token")));

        Reply reply =
                flows.server.post(USERINFO).form("access_token", accessToken).send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void metadataAdvertisesRevocationAndIntrospection() {
        Map<String, Object> metadata =
                flows.server.get(TestServer.METADATA).send().json();

        assertThat(metadata)
                .containsEntry("revocation_endpoint", flows.issuer + REVOKE)
                .containsEntry("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "none"))
                .containsEntry("introspection_endpoint", flows.issuer + INTROSPECT)
                .containsEntry("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "none"))
                .containsEntry("introspection_signing_alg_values_supported", List.of("ES256"));
    }
}

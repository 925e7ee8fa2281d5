package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyClientCredentials.BASIC_ONLY;
import static io.authdesign.testkit.ReadyClientCredentials.BASIC_ONLY_SECRET;
import static io.authdesign.testkit.ReadyClientCredentials.BOUND;
import static io.authdesign.testkit.ReadyClientCredentials.BOUND_SECRET;
import static io.authdesign.testkit.ReadyClientCredentials.DEAD_URI_CLIENT;
import static io.authdesign.testkit.ReadyClientCredentials.HMAC_CLIENT;
import static io.authdesign.testkit.ReadyClientCredentials.HMAC_SECRET;
import static io.authdesign.testkit.ReadyClientCredentials.HMAC_WITHOUT_SECRET;
import static io.authdesign.testkit.ReadyClientCredentials.KEY_CLIENT;
import static io.authdesign.testkit.ReadyClientCredentials.NO_CC;
import static io.authdesign.testkit.ReadyClientCredentials.NO_CC_SECRET;
import static io.authdesign.testkit.ReadyClientCredentials.ROTATING;
import static io.authdesign.testkit.ReadyClientCredentials.ROTATING_NEW;
import static io.authdesign.testkit.ReadyClientCredentials.ROTATING_OLD;
import static io.authdesign.testkit.ReadyClientCredentials.SCOPELESS;
import static io.authdesign.testkit.ReadyClientCredentials.SCOPELESS_SECRET;
import static io.authdesign.testkit.ReadyClientCredentials.SVC;
import static io.authdesign.testkit.ReadyClientCredentials.SVC_SECRET;
import static io.authdesign.testkit.ReadyClientCredentials.TTL;
import static io.authdesign.testkit.ReadyClientCredentials.URI_CLIENT;
import static io.authdesign.testkit.ReadyClientCredentials.claimsOf;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static io.authdesign.testkit.TokenAssertions.assertJson;
import static io.authdesign.testkit.TokenAssertions.assertNoStore;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ready client credentials flow over HTTP (RFC 6749 section 4.4): the client registered, using its
 * own methods with its secret or an assertion verified against its registered keys (RFC 7523), its scope
 * checked (section 3.3), DPoP-bound clients held to a proof (RFC 9449 section 5.2), and RFC 9068 access
 * tokens verified with the Nimbus SDK against the JWKS.
 */
public abstract class ReadyClientCredentialsFlowSuite {

    private static final String FAILED = "Client authentication failed";

    private ReadyClientCredentials flow;

    @BeforeEach
    void start() {
        flow = new ReadyClientCredentials();
    }

    @AfterEach
    void stop() {
        flow.close();
    }

    /** A 200 token response of exactly these members, and its access token verified against the JWKS. */
    private JWTClaimsSet assertToken(Reply reply, String clientId, String scope) throws Exception {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertNoStore(reply);
        assertJson(reply);
        assertThat(reply.headers("WWW-Authenticate")).isEmpty();
        Map<String, Object> json = reply.json();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("access_token", json.get("access_token"));
        expected.put("token_type", "Bearer");
        expected.put("expires_in", (int) TTL);
        if (scope != null) {
            expected.put("scope", scope);
        }
        assertThat(json).isEqualTo(expected);
        return assertAccessToken((String) json.get("access_token"), clientId, scope);
    }

    /** RFC 9068: {@code typ at+jwt}, signed with a published key, exactly these claims. */
    private JWTClaimsSet assertAccessToken(String token, String clientId, String scope) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.ES256,
                JWKSourceBuilder.create(URI.create(flow.issuer + "/oauth2/keys").toURL())
                        .retrying(false)
                        .build()));
        JWTClaimsSet claims = processor.process(token, null);
        List<String> names = new java.util.ArrayList<>(List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id"));
        if (scope != null) {
            names.add("scope");
        }
        assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(claims.getIssuer()).isEqualTo(flow.issuer);
        assertThat(claims.getAudience()).containsExactly(flow.issuer);
        assertThat(claims.getSubject()).isEqualTo(clientId);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(clientId);
        assertThat(claims.getStringClaim("scope")).isEqualTo(scope);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(flow.clock.instant());
        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(flow.clock.instant().plusSeconds(TTL));
        assertThat(claims.getJWTID()).isNotBlank();
        return claims;
    }

    private TokenResponse send(ClientAuthentication client, Scope scope) throws Exception {
        TokenRequest request =
                new TokenRequest(URI.create(flow.tokenUrl()), client, new ClientCredentialsGrant(), scope);
        return TokenResponse.parse(request.toHTTPRequest().send());
    }

    private String accessTokenOf(TokenResponse response) {
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        AccessTokenResponse success = response.toSuccessResponse();
        assertThat(success.getTokens().getAccessToken().getType().getValue()).isEqualTo("Bearer");
        assertThat(success.getTokens().getAccessToken().getLifetime()).isEqualTo(TTL);
        return success.getTokens().getAccessToken().getValue();
    }

    private static ErrorObject errorOf(TokenResponse response) {
        assertThat(response.indicatesSuccess()).as("%s", response).isFalse();
        return ((TokenErrorResponse) response).getErrorObject();
    }

    // secrets

    @Test
    void basicFromNimbusWithTheRightSecretThenTokenForTheRequestedScope() throws Exception {
        TokenResponse response =
                send(new ClientSecretBasic(new ClientID(SVC), new Secret(SVC_SECRET)), new Scope("read"));

        assertAccessToken(accessTokenOf(response), SVC, "read");
        assertThat(response.toSuccessResponse().getTokens().getAccessToken().getScope())
                .isEqualTo(new Scope("read"));
    }

    @Test
    void postFromNimbusWithTheRightSecretThenTokenForTheRequestedScope() throws Exception {
        TokenResponse response = send(new ClientSecretPost(new ClientID(SVC), new Secret(SVC_SECRET)), null);

        assertAccessToken(accessTokenOf(response), SVC, "write read");
    }

    @Test
    void basicWithTheRightSecretThenExactTokenResponse() throws Exception {
        assertToken(flow.basic(SVC, SVC_SECRET, "scope", "write"), SVC, "write");
    }

    @Test
    void severalScopesRequestedThenExactlyThoseInTheRequestsOrder() throws Exception {
        assertToken(flow.basic(SVC, SVC_SECRET, "scope", "read write"), SVC, "read write");
    }

    @Test
    void noScopeRequestedThenAllTheClientsScopesInRegistrationOrder() throws Exception {
        assertToken(flow.basic(SVC, SVC_SECRET), SVC, "write read");
        assertToken(flow.post(SVC, SVC_SECRET), SVC, "write read");
    }

    @Test
    void clientWithoutScopesAndNoScopeRequestedThenTokenWithoutScope() throws Exception {
        assertToken(flow.basic(SCOPELESS, SCOPELESS_SECRET), SCOPELESS, null);
    }

    @Test
    void everyCallThenANewTokenWithItsOwnJti() throws Exception {
        String first =
                assertToken(flow.basic(SVC, SVC_SECRET), SVC, "write read").getJWTID();
        String second =
                assertToken(flow.basic(SVC, SVC_SECRET), SVC, "write read").getJWTID();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void scopeTheClientIsNotRegisteredForThenInvalidScope() throws Exception {
        String description = "The requested scope is not allowed for this client";
        assertError(flow.basic(BASIC_ONLY, BASIC_ONLY_SECRET, "scope", "write"), 400, "invalid_scope", description);
        assertError(flow.basic(SVC, SVC_SECRET, "scope", "read admin"), 400, "invalid_scope", description);
        assertError(flow.basic(SCOPELESS, SCOPELESS_SECRET, "scope", "read"), 400, "invalid_scope", description);

        ErrorObject error = errorOf(
                send(new ClientSecretBasic(new ClientID(SVC), new Secret(SVC_SECRET)), new Scope("read", "admin")));
        assertThat(error.getCode()).isEqualTo("invalid_scope");
        assertThat(error.getHTTPStatusCode()).isEqualTo(400);
    }

    @Test
    void wrongSecretWithBasicThen401LikeAnUnknownClient() {
        Reply wrongSecret = flow.basic(SVC, "not-the-secret");
        Reply unknownClient = flow.basic("nobody", SVC_SECRET);
        assertError(wrongSecret, 401, "invalid_client", FAILED);
        assertError(unknownClient, 401, "invalid_client", FAILED);
        assertThat(wrongSecret.body()).isEqualTo(unknownClient.body());
    }

    @Test
    void wrongSecretWithPostThen400LikeAnUnknownClient() {
        Reply wrongSecret = flow.post(SVC, "not-the-secret");
        Reply unknownClient = flow.post("nobody", SVC_SECRET);
        assertError(wrongSecret, 400, "invalid_client", FAILED);
        assertError(unknownClient, 400, "invalid_client", FAILED);
        assertThat(wrongSecret.body()).isEqualTo(unknownClient.body());
    }

    @Test
    void secretOfAnotherClientThenInvalidClient() {
        assertError(flow.basic(SVC, BASIC_ONLY_SECRET), 401, "invalid_client", FAILED);
    }

    @Test
    void methodNotAmongTheClientsOwnThenInvalidClient() {
        assertError(flow.post(BASIC_ONLY, BASIC_ONLY_SECRET), 400, "invalid_client", FAILED);
        assertError(flow.basic(KEY_CLIENT, "anything"), 401, "invalid_client", FAILED);
        assertError(flow.basic(HMAC_CLIENT, HMAC_SECRET), 401, "invalid_client", FAILED);
    }

    @Test
    void clientNotRegisteredForClientCredentialsThenUnauthorizedClient() {
        assertError(
                flow.basic(NO_CC, NO_CC_SECRET),
                400,
                "unauthorized_client",
                "The client may not use the client_credentials grant");
    }

    @Test
    void clientNotRegisteredForClientCredentialsWithAWrongSecretThenInvalidClient() {
        assertError(flow.basic(NO_CC, "wrong"), 401, "invalid_client", FAILED);
    }

    @Test
    void secretRotationThenBothSecretsUntilTheOldOneExpires() throws Exception {
        assertToken(flow.basic(ROTATING, ROTATING_OLD), ROTATING, "read");
        assertToken(flow.basic(ROTATING, ROTATING_NEW), ROTATING, "read");

        flow.clock.advance(Duration.ofHours(1));

        assertError(flow.basic(ROTATING, ROTATING_OLD), 401, "invalid_client", FAILED);
        assertThat(flow.basic(ROTATING, ROTATING_NEW).status()).isEqualTo(200);
    }

    // client assertions

    @Test
    void privateKeyJwtFromNimbusWithTheRegisteredJwksThenToken() throws Exception {
        JWTAuthenticationClaimsSet claims =
                new JWTAuthenticationClaimsSet(new ClientID(KEY_CLIENT), new Audience(flow.tokenUrl()));
        PrivateKey key = flow.clientKey.toPrivateKey();
        TokenResponse response =
                send(new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key, flow.clientKey.getKeyID(), null), null);

        assertAccessToken(accessTokenOf(response), KEY_CLIENT, "read");
    }

    @Test
    void privateKeyJwtReplayedThenInvalidClient() throws Exception {
        String assertion = flow.signedAssertion(KEY_CLIENT, flow.clientKey);
        assertToken(flow.assertion(assertion), KEY_CLIENT, "read");
        assertError(flow.assertion(assertion), 400, "invalid_client", FAILED);
    }

    @Test
    void privateKeyJwtSignedWithAnotherClientsKeyThenInvalidClient() {
        assertError(flow.assertion(flow.signedAssertion(KEY_CLIENT, flow.uriKey)), 400, "invalid_client", FAILED);
        assertError(flow.assertion(flow.signedAssertion(URI_CLIENT, flow.clientKey)), 400, "invalid_client", FAILED);
    }

    @Test
    void assertionOfAClientRegisteredForSecretsOnlyThenInvalidClientWithoutAnyKeyLookup() {
        assertError(flow.assertion(flow.signedAssertion(BASIC_ONLY, flow.clientKey)), 400, "invalid_client", FAILED);
        assertError(flow.assertion(flow.signedAssertion("nobody", flow.clientKey)), 400, "invalid_client", FAILED);
        assertThat(flow.jwksFetches.get()).isZero();
    }

    @Test
    void jwksUriClientThenItsKeysFetchedOnceForSeveralAssertionsAndAgainAfterFiveMinutes() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertToken(
                    flow.assertion(flow.signedAssertion(URI_CLIENT, flow.uriKey), "scope", "write"),
                    URI_CLIENT,
                    "write");
        }
        assertThat(flow.jwksFetches.get()).isEqualTo(1);

        flow.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(flow.assertion(flow.signedAssertion(URI_CLIENT, flow.uriKey)).status())
                .isEqualTo(200);
        assertThat(flow.jwksFetches.get()).isEqualTo(1);

        flow.clock.advance(Duration.ofSeconds(1));
        assertThat(flow.assertion(flow.signedAssertion(URI_CLIENT, flow.uriKey)).status())
                .isEqualTo(200);
        assertThat(flow.jwksFetches.get()).isEqualTo(2);
    }

    @Test
    void jwksUriClientRotatesItsKeyThenAnUnknownKidFetchesTheSetAgainAtMostEveryThirtySeconds() throws Exception {
        assertThat(flow.assertion(flow.signedAssertion(URI_CLIENT, flow.uriKey)).status())
                .isEqualTo(200);
        assertThat(flow.jwksFetches.get()).isEqualTo(1);

        // the client publishes a new key and signs with it (OIDC Core section 10.1.1): a kid the cached
        // set lacks sends the server back to the jwks_uri, though the cache is still fresh
        ECKey rotated = new ECKeyGenerator(Curve.P_256).keyID("uri-client-2").generate();
        flow.servedJwks.set(new JWKSet(List.of(rotated.toPublicJWK(), flow.uriKey.toPublicJWK())));
        flow.clock.advance(Duration.ofSeconds(30));
        assertToken(flow.assertion(flow.signedAssertion(URI_CLIENT, rotated), "scope", "write"), URI_CLIENT, "write");
        assertThat(flow.jwksFetches.get()).isEqualTo(2);

        // made-up kids cannot make the server fetch on every request: once per 30 s at most
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("not-published").generate();
        for (int i = 0; i < 3; i++) {
            assertError(flow.assertion(flow.signedAssertion(URI_CLIENT, stranger)), 400, "invalid_client", FAILED);
        }
        assertThat(flow.jwksFetches.get()).isEqualTo(2);
        flow.clock.advance(Duration.ofSeconds(29));
        assertError(flow.assertion(flow.signedAssertion(URI_CLIENT, stranger)), 400, "invalid_client", FAILED);
        assertThat(flow.jwksFetches.get()).isEqualTo(2);
        flow.clock.advance(Duration.ofSeconds(1));
        assertError(flow.assertion(flow.signedAssertion(URI_CLIENT, stranger)), 400, "invalid_client", FAILED);
        assertThat(flow.jwksFetches.get()).isEqualTo(3);
        // a known kid never fetches before the cache expires
        assertThat(flow.assertion(flow.signedAssertion(URI_CLIENT, rotated)).status())
                .isEqualTo(200);
        assertThat(flow.jwksFetches.get()).isEqualTo(3);
    }

    @Test
    void jwksUriAnswering404ThenInvalidClient() {
        assertError(flow.assertion(flow.signedAssertion(DEAD_URI_CLIENT, flow.uriKey)), 400, "invalid_client", FAILED);
    }

    @Test
    void clientSecretJwtFromNimbusWithTheApplicationsSharedSecretThenToken() throws Exception {
        TokenResponse response = send(
                new ClientSecretJWT(
                        new ClientID(HMAC_CLIENT),
                        URI.create(flow.tokenUrl()),
                        JWSAlgorithm.HS256,
                        new Secret(HMAC_SECRET)),
                new Scope("read"));

        assertAccessToken(accessTokenOf(response), HMAC_CLIENT, "read");
    }

    @Test
    void clientSecretJwtOfAClientTheSharedSecretsDoNotKnowThenInvalidClient() throws Exception {
        ErrorObject error = errorOf(send(
                new ClientSecretJWT(
                        new ClientID(HMAC_WITHOUT_SECRET),
                        URI.create(flow.tokenUrl()),
                        JWSAlgorithm.HS256,
                        new Secret(HMAC_SECRET)),
                null));
        assertThat(error.getCode()).isEqualTo("invalid_client");
        assertThat(error.getDescription()).isEqualTo(FAILED);
        assertThat(error.getHTTPStatusCode()).isEqualTo(400);
    }

    @Test
    void clientSecretJwtOfAClientRegisteredForPrivateKeyJwtThenInvalidClient() throws Exception {
        ErrorObject error = errorOf(send(
                new ClientSecretJWT(
                        new ClientID(KEY_CLIENT),
                        URI.create(flow.tokenUrl()),
                        JWSAlgorithm.HS256,
                        new Secret(HMAC_SECRET)),
                null));
        assertThat(error.getCode()).isEqualTo("invalid_client");
    }

    // DPoP

    @Test
    void dpopBoundClientWithoutProofThenInvalidDpopProof() {
        assertError(flow.basic(BOUND, BOUND_SECRET), 400, "invalid_dpop_proof", "This client must send a DPoP proof");
    }

    @Test
    void dpopBoundClientWithAWrongSecretAndNoProofThenInvalidClient() {
        assertError(flow.basic(BOUND, "wrong"), 401, "invalid_client", FAILED);
    }

    @Test
    void dpopBoundClientWithProofThenDpopTokenBoundToItsKey() {
        DPoPProofs key = DPoPProofs.generate();
        Reply reply = flow.server
                .post(TestServer.TOKEN)
                .basic(BOUND, BOUND_SECRET)
                .header("DPoP", key.proof("POST", flow.tokenUrl()))
                .form("grant_type", "client_credentials")
                .send();

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json()).containsEntry("token_type", "DPoP").containsEntry("scope", "read");
        assertThat(claimsOf(reply)).containsEntry("cnf", Map.of("jkt", key.jkt()));
    }

    @Test
    void clientNotBoundWithProofThenDpopTokenAndWithoutThenBearer() {
        DPoPProofs key = DPoPProofs.generate();
        Reply bound = flow.server
                .post(TestServer.TOKEN)
                .basic(SVC, SVC_SECRET)
                .header("DPoP", key.proof("POST", flow.tokenUrl()))
                .form("grant_type", "client_credentials")
                .send();
        assertThat(bound.json()).containsEntry("token_type", "DPoP");
        assertThat(claimsOf(bound)).containsEntry("cnf", Map.of("jkt", key.jkt()));

        Reply bearer = flow.basic(SVC, SVC_SECRET);
        assertThat(bearer.json()).containsEntry("token_type", "Bearer");
        assertThat(claimsOf(bearer)).doesNotContainKey("cnf");
    }
}

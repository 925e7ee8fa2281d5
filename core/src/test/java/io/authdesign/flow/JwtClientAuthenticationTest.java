package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.START;
import static io.authdesign.flow.JwtTestSupport.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretJwt;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jose4j.json.internal.json_simple.JSONValue;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code private_key_jwt} and {@code client_secret_jwt} at the token endpoint (RFC 7523 section 3). */
class JwtClientAuthenticationTest {

    private static final String ENDPOINT_URL = ISSUER + TOKEN;
    private static final String ASSERTION_TYPE = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";
    private static final String SECRET = "a-client-secret-of-at-least-32-bytes!";
    private static final String LONG_SECRET = "a-client-secret-of-at-least-48-bytes-for-hs384-and-hs512-too!!";
    private static final String FAILED =
            "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}";

    private static RsaJsonWebKey rsa;
    private static RsaJsonWebKey otherRsa;
    private static PublicJsonWebKey ec;
    private static OctetKeyPairJsonWebKey ed25519;

    private final MutableClock clock = new MutableClock(START);
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void generateKeys() throws JoseException {
        rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa-1");
        otherRsa = RsaJwkGenerator.generateJwk(2048);
        otherRsa.setKeyId("rsa-2");
        ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-1");
        ed25519 = OkpJwkGenerator.generateJwk("Ed25519");
        ed25519.setKeyId("ed-1");
    }

    private OAuth2ClientCredentials flow(Object... methods) {
        OAuth2ClientCredentialsBuilder builder = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    handled.add(ctx.clientId() + "|" + ctx.clientAuthMethod() + "|"
                            + ctx.clientSecret().orElse("-"));
                    return new OAuth2TokenResponse("at-" + ctx.clientId());
                }));
        for (Object method : methods) {
            if (method instanceof PrivateKeyJwt privateKeyJwt) {
                builder.addClientAuthenticationMethod(privateKeyJwt);
            } else {
                builder.addClientAuthenticationMethod((ClientSecretJwt) method);
            }
        }
        return builder.build();
    }

    /** A private_key_jwt method that knows client "svc" by the given keys. */
    private static PrivateKeyJwt privateKeyJwt(PublicKeys keys) {
        return new PrivateKeyJwt()
                .getPublicKeyForClient((clientId, claims, assertion) -> clientId.equals("svc") ? keys : null);
    }

    private static ClientSecretJwt clientSecretJwt(String secret) {
        return new ClientSecretJwt()
                .getClientSecret((clientId, claims, assertion) -> clientId.equals("svc") ? secret : null);
    }

    private Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "svc");
        claims.put("sub", "svc");
        claims.put("aud", ENDPOINT_URL);
        claims.put("exp", clock.instant().getEpochSecond() + 60);
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    private static String sign(Key key, String alg, String kid, Map<String, Object> claims) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JSONValue.toJSONString(claims));
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(alg);
        jws.setDoKeyValidation(false);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        return jws.getCompactSerialization();
    }

    private static String rs256(Map<String, Object> claims) throws JoseException {
        return sign(rsa.getPrivateKey(), "RS256", null, claims);
    }

    private static HttpResponse present(OAuth2Flow design, String assertion) {
        return present(design, assertion, "");
    }

    private static HttpResponse present(OAuth2Flow design, String assertion, String extra) {
        return Requests.post(
                design,
                TOKEN,
                "grant_type=client_credentials&client_assertion_type=" + ASSERTION_TYPE + "&client_assertion="
                        + assertion + extra);
    }

    private void assertAccepted(HttpResponse response, String method) {
        assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("{\"access_token\":\"at-svc\",\"token_type\":\"Bearer\"}");
        assertThat(handled).containsExactly("svc|" + method + "|-");
    }

    private void assertRefused(HttpResponse response) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyAsString()).isEqualTo(FAILED);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(handled).isEmpty();
    }

    @Test
    void privateKeyJwtWhenValidRs256AssertionToEndpointUrlThenHandlerGetsClient() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));

        assertAccepted(present(design, rs256(claims())), "private_key_jwt");
    }

    @Test
    void privateKeyJwtWhenIssuerAudienceRequiredThenOnlyTheIssuerAsAStringPasses() throws Exception {
        OAuth2ClientCredentials design =
                flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())).requireIssuerAudience());
        Map<String, Object> toIssuer = claims();
        toIssuer.put("aud", ISSUER);
        Map<String, Object> toEndpoint = claims();
        Map<String, Object> toArrayWithIssuer = claims();
        toArrayWithIssuer.put("aud", List.of(ISSUER, "https://elsewhere.example.com"));
        Map<String, Object> toArrayOfIssuer = claims();
        toArrayOfIssuer.put("aud", List.of(ISSUER));

        assertRefused(present(design, rs256(toEndpoint)));
        assertRefused(present(design, rs256(toArrayWithIssuer)));
        assertRefused(present(design, rs256(toArrayOfIssuer)));
        assertAccepted(present(design, rs256(toIssuer)), "private_key_jwt");
    }

    @Test
    void privateKeyJwtThenTheClientCheckLearnsWhetherTheAudienceWasTheIssuerAloneAsAString() throws Exception {
        List<Boolean> issuerAudience = new ArrayList<>();
        OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .addClientAuthenticationMethod(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())))
                .verifyClient((client, request) -> {
                    issuerAudience.add(client.issuerAudience());
                    return Optional.empty();
                })
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("at")))
                .build();
        Map<String, Object> toIssuer = claims();
        toIssuer.put("aud", ISSUER);
        Map<String, Object> toArrayOfIssuer = claims();
        toArrayOfIssuer.put("aud", List.of(ISSUER));

        for (Map<String, Object> claims : List.of(toIssuer, toArrayOfIssuer, claims())) {
            assertThat(present(design, rs256(claims)).status()).isEqualTo(200);
        }

        // FAPI 2.0 Security Profile section 5.3.2.1: what a per-client rule needs to refuse the last two
        assertThat(issuerAudience).containsExactly(true, false, false);
    }

    @Test
    void privateKeyJwtWhenAlgorithmsSetWithoutRs256ThenRs256RefusedAndPs256Accepted() throws Exception {
        OAuth2ClientCredentials design =
                flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())).setAlgorithms("PS256", "ES256"));

        assertRefused(present(design, rs256(claims())));
        assertAccepted(present(design, sign(rsa.getPrivateKey(), "PS256", null, claims())), "private_key_jwt");
    }

    @Test
    void privateKeyJwtWhenAudienceIsIssuerOrListWithEndpointThenAccepted() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));
        Map<String, Object> toIssuer = claims();
        toIssuer.put("aud", ISSUER);
        Map<String, Object> toList = claims();
        toList.put("aud", List.of("https://elsewhere.example.com", ENDPOINT_URL));

        assertThat(present(design, rs256(toIssuer)).status()).isEqualTo(200);
        assertThat(present(design, rs256(toList)).status()).isEqualTo(200);
        assertThat(handled).hasSize(2);
    }

    @Test
    void privateKeyJwtWhenKeysParsedFromJwksWithPrivateMembersThenPrivateDroppedAndKidSelects() throws Exception {
        String jwks = new JsonWebKeySet(otherRsa, rsa).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        assertThat(jwks).contains("\"d\"");
        PublicKeys keys = PublicKeys.parse(jwks);
        assertThat(keys.jwkSet().getKeys()).hasSize(2).noneMatch(k -> k.isPrivate());
        OAuth2ClientCredentials design = flow(privateKeyJwt(keys));

        assertAccepted(present(design, sign(rsa.getPrivateKey(), "RS256", "rsa-1", claims())), "private_key_jwt");
        handled.clear();
        assertRefused(present(design, sign(rsa.getPrivateKey(), "RS256", "rsa-2", claims())));
        assertRefused(present(design, sign(rsa.getPrivateKey(), "RS256", "rsa-9", claims())));
    }

    @Test
    void privateKeyJwtWhenEs256OrEdDsaAddedThenAccepted() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(ec.getPublicKey(), ed25519.getPublicKey()))
                .addAlgorithm("ES256")
                .addAlgorithm("EdDSA"));

        assertThat(present(design, sign(ec.getPrivateKey(), "ES256", null, claims()))
                        .status())
                .isEqualTo(200);
        assertThat(present(design, sign(ed25519.getPrivateKey(), "EdDSA", null, claims()))
                        .status())
                .isEqualTo(200);
        assertThat(handled).containsExactly("svc|private_key_jwt|-", "svc|private_key_jwt|-");
    }

    @Test
    void privateKeyJwtWhenEdDsaKeyFromParsedJwksThenAccepted() throws Exception {
        PublicKeys keys = PublicKeys.parse(new JsonWebKeySet(ed25519).toJson());
        OAuth2ClientCredentials design = flow(privateKeyJwt(keys).addAlgorithm("EdDSA"));

        assertAccepted(present(design, sign(ed25519.getPrivateKey(), "EdDSA", "ed-1", claims())), "private_key_jwt");
    }

    @Test
    void privateKeyJwtWhenAlgorithmNotAddedThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(ec.getPublicKey())));

        assertRefused(present(design, sign(ec.getPrivateKey(), "ES256", null, claims())));
    }

    @Test
    void privateKeyJwtWhenSameAssertionPresentedTwiceThenReplayRefused() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));
        String assertion = rs256(claims());

        assertThat(present(design, assertion).status()).isEqualTo(200);
        handled.clear();
        assertRefused(present(design, assertion));
        clock.advance(Duration.ofSeconds(30));
        assertRefused(present(design, assertion));
    }

    @Test
    void privateKeyJwtWhenClaimMissingOrWrongThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));
        long now = START.getEpochSecond();
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("no jti", without("jti"));
        cases.put("empty jti", with("jti", ""));
        cases.put("no exp", without("exp"));
        cases.put("exp 15 minutes ahead", with("exp", now + 15 * 60));
        cases.put("expired beyond skew", with("exp", now - 61));
        cases.put("nbf in the future", with("nbf", now + 120));
        cases.put("iat in the future", with("iat", now + 120));
        cases.put("iss != sub", with("sub", "other"));
        cases.put("no iss", without("iss"));
        cases.put("no sub", without("sub"));
        cases.put("aud elsewhere", with("aud", "https://elsewhere.example.com/token"));
        cases.put("aud issuer with trailing slash", with("aud", ISSUER + "/"));
        cases.put("no aud", without("aud"));
        cases.put("unknown client", with("iss", "nobody", "sub", "nobody"));

        for (Map.Entry<String, Map<String, Object>> entry : cases.entrySet()) {
            HttpResponse response = present(design, rs256(entry.getValue()));
            assertThat(response.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.bodyAsString()).as(entry.getKey()).isEqualTo(FAILED);
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void privateKeyJwtWhenExpWithinBoundsThenAccepted() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));
        long now = START.getEpochSecond();

        assertThat(present(design, rs256(with("exp", now + 10 * 60))).status()).isEqualTo(200);
        assertThat(present(design, rs256(with("exp", now - 30))).status()).isEqualTo(200);
    }

    private Map<String, Object> without(String claim) {
        Map<String, Object> claims = claims();
        claims.remove(claim);
        return claims;
    }

    private Map<String, Object> with(Object... pairs) {
        Map<String, Object> claims = claims();
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    @Test
    void privateKeyJwtWhenClientIdParameterDiffersFromIssuerThenRefusedAndWhenEqualAccepted() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));

        assertRefused(present(design, rs256(claims()), "&client_id=other"));
        assertAccepted(present(design, rs256(claims()), "&client_id=svc"), "private_key_jwt");
    }

    @Test
    void privateKeyJwtWhenSignedWithWrongKeyThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));

        assertRefused(present(design, sign(otherRsa.getPrivateKey(), "RS256", null, claims())));
    }

    @Test
    void privateKeyJwtWhenAlgNoneOrHmacWithPublicKeyThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));
        JsonWebSignature none = new JsonWebSignature();
        none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        none.setAlgorithmHeaderValue("none");
        none.setPayload(JSONValue.toJSONString(claims()));

        assertRefused(present(design, none.getCompactSerialization()));
        HttpResponse hmac =
                present(design, sign(new HmacKey(rsa.getPublicKey().getEncoded()), "HS256", null, claims()));
        assertThat(hmac.status()).isEqualTo(400);
        assertThat(hmac.bodyAsString())
                .isEqualTo("{\"error\":\"invalid_client\",\"error_description\":"
                        + "\"The client authentication method is not supported\"}");
        assertThat(handled).isEmpty();
    }

    @Test
    void privateKeyJwtWhenLookupThrowsOrReturnsNullThenRefusedNever500() throws Exception {
        OAuth2ClientCredentials throwing = flow(new PrivateKeyJwt().getPublicKeyForClient((clientId, claims, a) -> {
            throw new IllegalStateException("key server down");
        }));
        OAuth2ClientCredentials unknown = flow(new PrivateKeyJwt());

        assertRefused(present(throwing, rs256(claims())));
        assertRefused(present(unknown, rs256(claims())));
    }

    @Test
    void privateKeyJwtWhenAssertionMalformedOrTypeWrongThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));

        for (String assertion : List.of("abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30", "%00", "....")) {
            assertRefused(present(design, assertion));
        }
        assertRefused(Requests.post(
                design,
                TOKEN,
                "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Asaml2-bearer&client_assertion="
                        + rs256(claims())));
        assertRefused(
                Requests.post(design, TOKEN, "grant_type=client_credentials&client_assertion=" + rs256(claims())));
        assertRefused(
                Requests.post(design, TOKEN, "grant_type=client_credentials&client_assertion_type=" + ASSERTION_TYPE));
    }

    @Test
    void assertionWhenClientSecretOrBasicAlsoSentThenInvalidRequest() throws Exception {
        OAuth2ClientCredentials design = flow(privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));

        HttpResponse withSecret = present(design, rs256(claims()), "&client_secret=s3cret");
        HttpResponse withBasic = Requests.postBasic(
                design,
                TOKEN,
                "svc",
                "s3cret",
                "grant_type=client_credentials&client_assertion_type=" + ASSERTION_TYPE + "&client_assertion="
                        + rs256(claims()));

        assertThat(withSecret.status()).isEqualTo(400);
        assertThat(withSecret.bodyAsString())
                .isEqualTo("{\"error\":\"invalid_request\",\"error_description\":"
                        + "\"The request uses more than one client authentication method\"}");
        assertThat(withBasic.status()).isEqualTo(400);
        assertThat(withBasic.bodyAsString()).contains("\"error\":\"invalid_request\"");
        assertThat(handled).isEmpty();
    }

    @Test
    void clientSecretJwtWhenValidHs256ThenAcceptedAndWrongSecretRefused() throws Exception {
        OAuth2ClientCredentials design = flow(clientSecretJwt(SECRET));
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);

        assertAccepted(present(design, sign(new HmacKey(secret), "HS256", null, claims())), "client_secret_jwt");
        handled.clear();
        assertRefused(present(
                design,
                sign(
                        new HmacKey("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
                        "HS256",
                        null,
                        claims())));
    }

    @Test
    void clientSecretJwtWhenHs384ThenRefusedUntilAdded() throws Exception {
        byte[] secret = LONG_SECRET.getBytes(StandardCharsets.UTF_8);
        OAuth2ClientCredentials hs256Only = flow(clientSecretJwt(LONG_SECRET));
        OAuth2ClientCredentials withHs384 = flow(clientSecretJwt(LONG_SECRET).addAlgorithm("HS384"));

        assertRefused(present(hs256Only, sign(new HmacKey(secret), "HS384", null, claims())));
        assertAccepted(present(withHs384, sign(new HmacKey(secret), "HS384", null, claims())), "client_secret_jwt");
    }

    @Test
    void clientSecretJwtWhenSecretShorterThan32BytesThenRefusedNever500() throws Exception {
        OAuth2ClientCredentials design = flow(clientSecretJwt("short"));

        assertRefused(present(
                design, sign(new HmacKey("short".getBytes(StandardCharsets.UTF_8)), "HS256", null, claims())));
    }

    @Test
    void bothMethodsWhenHmacOrRsaAssertionThenEachReachesItsMethod() throws Exception {
        OAuth2ClientCredentials design =
                flow(clientSecretJwt(SECRET), privateKeyJwt(PublicKeys.of(rsa.getPublicKey())));

        assertThat(present(design, sign(new HmacKey(SECRET.getBytes(StandardCharsets.UTF_8)), "HS256", null, claims()))
                        .status())
                .isEqualTo(200);
        assertThat(present(design, rs256(claims())).status()).isEqualTo(200);
        assertThat(handled).containsExactly("svc|client_secret_jwt|-", "svc|private_key_jwt|-");
    }

    @Test
    void metadataWhenJwtMethodsEnabledThenListsThemWithSigningAlgorithms() {
        OAuth2ClientCredentials design = flow(
                clientSecretJwt(SECRET).addAlgorithm("HS512"),
                privateKeyJwt(PublicKeys.of(rsa.getPublicKey()))
                        .addAlgorithm("ES256")
                        .addAlgorithm("EdDSA"));

        Map<String, Object> metadata = design.authorizationServerMetadata();

        assertThat(metadata)
                .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_jwt", "private_key_jwt"))
                .containsEntry(
                        "token_endpoint_auth_signing_alg_values_supported",
                        List.of("HS256", "HS512", "ES256", "EdDSA", "RS256"));
    }
}

package io.authdesign.flow;

import static io.authdesign.flow.JwtTestSupport.ISSUER;
import static io.authdesign.flow.JwtTestSupport.START;
import static io.authdesign.flow.JwtTestSupport.TOKEN;
import static io.authdesign.flow.JwtTestSupport.bearer;
import static io.authdesign.flow.JwtTestSupport.issue;
import static io.authdesign.flow.JwtTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.JwtVerification;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.InMemoryKeyStore;
import io.authdesign.keys.StoredKey;
import io.authdesign.resource.AuthResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * Tokens an attacker (or a careless client) presents as access tokens: each is refused by the flow's JWT
 * verification and by its resource authenticator, and none makes the flow create a key.
 */
class JwtVerificationAttackTest {

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryKeyStore store = new InMemoryKeyStore();

    private OAuth2ClientCredentialsBuilder flow(String issuer) {
        return OAuth2ClientCredentialsBuilder.create()
                .setIssuer(issuer)
                .setClock(clock)
                .setTokenTTL(600)
                .setJwksKeyStore(store)
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(Map.of()).token())));
    }

    private static JwtHelpers helpers(OAuth2Flow design) {
        return design.settings().jwt();
    }

    /** Verifies through the helpers and the resource authenticator; both must agree. */
    private static String refusal(OAuth2Flow design, String token) {
        AuthResult result = design.authenticator().authenticate(bearer(token), Set.of());
        JwtVerification verification = helpers(design).verify(token);
        if (verification instanceof JwtVerification.Rejected rejected) {
            assertThat(result).isInstanceOf(AuthResult.Refused.class);
            HttpResponse response = ((AuthResult.Refused) result).response();
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate"))
                    .contains("Bearer error=\"invalid_token\", error_description=\"The access token is invalid or"
                            + " expired\"");
            return rejected.reason();
        }
        assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
        return "verified";
    }

    private StoredKey signingKey(String algorithm) {
        return store.getKeys(clock.instant()).stream()
                .filter(k -> k.algorithm().equals(algorithm))
                .findFirst()
                .orElseThrow();
    }

    private Map<String, Object> validClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "svc");
        claims.put("aud", ISSUER);
        claims.put("exp", clock.instant().getEpochSecond() + 600);
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("jti", "forged-1");
        claims.put("client_id", "svc");
        return claims;
    }

    /** Signs with the flow's own private key, so that only the changed header or claim is wrong. */
    private String forge(StoredKey key, String typ, String kid, Map<String, Object> claims) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(org.jose4j.json.internal.json_simple.JSONValue.toJSONString(claims));
        jws.setKey(PublicJsonWebKey.Factory.newPublicJwk(key.privateJwk()).getPrivateKey());
        jws.setAlgorithmHeaderValue(key.algorithm());
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        if (typ != null) {
            jws.setHeader("typ", typ);
        }
        return jws.getCompactSerialization();
    }

    @Test
    void verifyWhenGenuineTokenThenVerifiedWithItsClaims() {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        String token = issue(design, "grant_type=client_credentials&scope=read");

        assertThat(refusal(design, token)).isEqualTo("verified");
        assertThat(helpers(design).verifyJwt(token).orElseThrow())
                .containsEntry("sub", "svc")
                .containsEntry("scope", "read")
                .containsEntry("iss", ISSUER);
    }

    @Test
    void verifyWhenForgedWithGenuineKeyAndValidClaimsThenVerified() throws Exception {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        issue(design, "grant_type=client_credentials");
        StoredKey key = signingKey("ES256");

        assertThat(refusal(design, forge(key, "at+jwt", key.kid(), validClaims())))
                .isEqualTo("verified");
        assertThat(refusal(design, forge(key, "application/at+jwt", key.kid(), validClaims())))
                .isEqualTo("verified");
    }

    @Test
    void verifyWhenAlgNoneThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        issue(design, "grant_type=client_credentials");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue("none");
        jws.setKeyIdHeaderValue(signingKey("ES256").kid());
        jws.setHeader("typ", "at+jwt");
        jws.setPayload(org.jose4j.json.internal.json_simple.JSONValue.toJSONString(validClaims()));
        String unsigned = jws.getCompactSerialization();

        assertThat(unsigned).endsWith(".");
        assertThat(refusal(design, unsigned)).isEqualTo("not a signed JWT");
    }

    @Test
    void verifyWhenHs256SignedWithThePublicKeyThenRefused() throws Exception {
        for (SigningAlgorithm algorithm : List.of(SigningAlgorithm.ES256, SigningAlgorithm.RS256)) {
            OAuth2ClientCredentials design = OAuth2ClientCredentialsBuilder.create()
                    .setIssuer(ISSUER)
                    .setClock(clock)
                    .setAccessTokenSigningAlgorithm(algorithm)
                    .useAccessTokenJwks(true)
                    .build();
            design.generateKeyPair();
            StoredKey key = design.jwtAuthority()
                    .orElseThrow()
                    .keyRing()
                    .lifecycle()
                    .store()
                    .getKeys(START)
                    .get(0);
            PublicJsonWebKey publicKey = PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk());
            for (byte[] secret : List.of(
                    publicKey.getPublicKey().getEncoded(),
                    key.publicJwk().getBytes(StandardCharsets.UTF_8),
                    pem(publicKey.getPublicKey().getEncoded()))) {
                JsonWebSignature jws = new JsonWebSignature();
                jws.setAlgorithmHeaderValue("HS256");
                jws.setKeyIdHeaderValue(key.kid());
                jws.setHeader("typ", "at+jwt");
                jws.setKey(new HmacKey(secret));
                jws.setPayload(org.jose4j.json.internal.json_simple.JSONValue.toJSONString(validClaims()));

                assertThat(refusal(design, jws.getCompactSerialization())).isEqualTo("algorithm HS256 not allowed");
            }
        }
    }

    private static byte[] pem(byte[] der) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void verifyWhenTypIsJwtOrMissingInsteadOfAtJwtThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        issue(design, "grant_type=client_credentials");
        StoredKey key = signingKey("ES256");

        assertThat(refusal(design, forge(key, "JWT", key.kid(), validClaims()))).isEqualTo("typ JWT is not at+jwt");
        assertThat(refusal(design, forge(key, null, key.kid(), validClaims()))).isEqualTo("typ null is not at+jwt");
        assertThat(refusal(design, forge(key, "dpop+jwt", key.kid(), validClaims())))
                .isEqualTo("typ dpop+jwt is not at+jwt");
    }

    @Test
    void verifyWhenIdTokenPresentedAsAccessTokenThenRefusedEvenWithSameAlgorithmAndKey() {
        List<String> verifiedInHandler = new CopyOnWriteArrayList<>();
        OIDCAuthorizationCode design = OIDCAuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .setAccessTokenSigningAlgorithm(SigningAlgorithm.RS256)
                .useAccessTokenJwks(true)
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    String access = ctx.createJwtAccessToken(Map.of()).token();
                    String id = ctx.createIdToken(Map.of("sub", "user-1", "aud", ISSUER))
                            .token();
                    verifiedInHandler.add("access:" + ctx.verifyJwt(access).isPresent());
                    verifiedInHandler.add("id:" + ctx.verifyJwt(id).isPresent());
                    return new OAuth2TokenResponse(access).setIdToken(id);
                }))
                .build();

        HttpResponse response = Requests.post(design, TOKEN, "grant_type=authorization_code&code=c&client_id=app");
        String idToken = (String) json(response).get("id_token");
        String accessToken = (String) json(response).get("access_token");

        assertThat(verifiedInHandler).containsExactly("access:true", "id:false");
        assertThat(refusal(design, accessToken)).isEqualTo("verified");
        assertThat(refusal(design, idToken)).isEqualTo("typ JWT is not at+jwt");
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenRefusedAndJustBeforeStillValid() {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        String token = issue(design, "grant_type=client_credentials");

        clock.set(START.plusSeconds(600 + 59));
        assertThat(refusal(design, token)).isEqualTo("verified");
        clock.set(START.plusSeconds(600 + 60));
        assertThat(refusal(design, token)).isEqualTo("expired");
    }

    @Test
    void verifyWhenExpMissingOrNbfInFutureThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        issue(design, "grant_type=client_credentials");
        StoredKey key = signingKey("ES256");
        Map<String, Object> noExp = validClaims();
        noExp.remove("exp");
        Map<String, Object> notYet = validClaims();
        notYet.put("nbf", START.getEpochSecond() + 61);

        assertThat(refusal(design, forge(key, "at+jwt", key.kid(), noExp))).isEqualTo("no exp");
        assertThat(refusal(design, forge(key, "at+jwt", key.kid(), notYet))).isEqualTo("not yet valid");
    }

    @Test
    void verifyWhenIssuedByAnotherIssuerSharingTheKeysThenRefused() {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        OAuth2ClientCredentials other = flow("https://other.example.com").build();
        String foreign = issue(other, "grant_type=client_credentials");

        assertThat(refusal(other, foreign)).isEqualTo("verified");
        assertThat(refusal(design, foreign)).isEqualTo("issuer https://other.example.com");
    }

    @Test
    void verifyWhenSignedByAnotherAuthorityKeyThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        issue(design, "grant_type=client_credentials");
        OAuth2ClientCredentials stranger = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .setClock(clock)
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(Map.of()).token())))
                .build();
        String strangers = issue(stranger, "grant_type=client_credentials");
        StoredKey strangerKey = stranger.jwtAuthority()
                .orElseThrow()
                .keyRing()
                .lifecycle()
                .store()
                .getKeys(START)
                .get(0);
        String ownKid = signingKey("ES256").kid();

        assertThat(refusal(design, strangers))
                .isEqualTo("unknown kid "
                        + JsonWebStructure.fromCompactSerialization(strangers).getKeyIdHeaderValue());
        assertThat(refusal(design, forge(strangerKey, "at+jwt", ownKid, validClaims())))
                .isEqualTo("bad signature");
    }

    @Test
    void verifyWhenKidUnknownOrMissingThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        issue(design, "grant_type=client_credentials");
        StoredKey key = signingKey("ES256");

        assertThat(refusal(design, forge(key, "at+jwt", "no-such-kid", validClaims())))
                .isEqualTo("unknown kid no-such-kid");
        assertThat(refusal(design, forge(key, "at+jwt", null, validClaims()))).isEqualTo("no kid");
    }

    @Test
    void verifyWhenAudienceConfiguredAndTokenForAnotherAudienceThenRefused() throws Exception {
        OAuth2ClientCredentials api =
                flow(ISSUER).setAccessTokenAudience("https://api.example.com").build();
        OAuth2ClientCredentials plain = flow(ISSUER).build();
        String forIssuer = issue(plain, "grant_type=client_credentials");
        String forApi = issue(api, "grant_type=client_credentials");
        Map<String, Object> noAud = validClaims();
        noAud.remove("aud");

        assertThat(refusal(api, forApi)).isEqualTo("verified");
        assertThat(refusal(api, forIssuer)).isEqualTo("audience [https://auth.example.com]");
        assertThat(refusal(plain, forApi)).isEqualTo("audience [https://api.example.com]");
        StoredKey key = signingKey("ES256");
        assertThat(refusal(api, forge(key, "at+jwt", key.kid(), noAud))).isEqualTo("audience []");
    }

    @Test
    void verifyWhenPayloadTamperedThenRefused() {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        String token = issue(design, "grant_type=client_credentials&scope=read");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String elevated = payload.replace("\"scope\":\"read\"", "\"scope\":\"admin\"");
        assertThat(elevated).isNotEqualTo(payload);
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(elevated.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThat(refusal(design, tampered)).isEqualTo("bad signature");
    }

    @Test
    void verifyWhenAlgorithmOfTheKeyFamilyButNotTheFlowsThenRefused() throws Exception {
        OAuth2ClientCredentials design = flow(ISSUER).build();
        issue(design, "grant_type=client_credentials");
        StoredKey key = signingKey("ES256");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(org.jose4j.json.internal.json_simple.JSONValue.toJSONString(validClaims()));
        jws.setKey(PublicJsonWebKey.Factory.newPublicJwk(key.privateJwk()).getPrivateKey());
        jws.setAlgorithmHeaderValue("ES384");
        jws.setDoKeyValidation(false);
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "at+jwt");

        assertThat(refusal(design, jws.getCompactSerialization())).isEqualTo("algorithm ES384 not allowed");
    }

    @Test
    void verifyWhenGarbageOrUnknownKidThenNoKeyIsCreated() throws Exception {
        OAuth2ClientCredentials fresh = flow(ISSUER).build();
        List<String> garbage =
                List.of("", "a.b.c", "not-a-jwt", "eyJhbGciOiJFUzI1NiJ9.e30.AAAA", "eyJhbGciOiJub25lIn0.e30.", "....");

        for (String token : garbage) {
            assertThat(helpers(fresh).verifyJwt(token)).isEmpty();
        }
        assertThat(store.getKeys(START)).isEmpty();
        assertThat(fresh.jwtAuthority().orElseThrow().keyRing().jwks()).isEqualTo(Map.of("keys", List.of()));

        issue(fresh, "grant_type=client_credentials");
        StoredKey key = signingKey("ES256");
        String unknown = forge(key, "at+jwt", "no-such-kid", validClaims());
        clock.advance(Duration.ofHours(9).plusMinutes(55));
        for (String token : garbage) {
            helpers(fresh).verifyJwt(token);
            fresh.authenticator().authenticate(bearer(token), Set.of());
        }
        helpers(fresh).verifyJwt(unknown);
        fresh.authenticator().authenticate(bearer(unknown), Set.of());

        assertThat(store.getKeys(clock.instant())).containsExactly(key);
    }
}

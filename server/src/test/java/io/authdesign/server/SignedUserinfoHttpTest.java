package io.authdesign.server;

import static io.authdesign.server.ClientRegistrationHttpTest.send;
import static io.authdesign.server.PagesHttpTest.VERIFIER;
import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.authorizeUrl;
import static io.authdesign.server.PagesHttpTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed UserInfo responses (OpenID Connect Core 1.0 section 5.3.2): a client that registered {@code
 * userinfo_signed_response_alg}, in the configuration or dynamically (OpenID Connect Dynamic Client
 * Registration 1.0 section 2), receives {@code application/jwt} signed with the server's key of that
 * algorithm, with {@code iss}, {@code aud} and the claims, verified by Nimbus against the published JWKS;
 * other clients keep JSON. As the conformance module oidcc-userinfo-rs256 checks.
 */
class SignedUserinfoHttpTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            registration: {policy: open}
            clients:
              - clientId: signed
                clientSecret: signed-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid, profile, email]
                redirectUris: [https://signed.example.com/cb]
                userinfoSignedResponseAlg: RS256
              - clientId: plain
                clientSecret: plain-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid, profile, email]
                redirectUris: [https://plain.example.com/cb]
            users:
              - username: alice
                password: alice-password
                claims: {name: Alice Example, email: alice@example.com}
            """;

    static TestServer test;

    @BeforeAll
    static void start() {
        test = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    String userinfoUrl() {
        return test.baseUrl() + "/oauth2/userinfo";
    }

    @Test
    void discoveryThenUserinfoSigningAlgorithmsAreTheOnesTheServerSignsWith() {
        Map<String, Object> metadata = Http.json(Http.get(test.issuer() + "/.well-known/openid-configuration"));

        assertThat(metadata)
                .containsEntry("userinfo_signing_alg_values_supported", List.of("RS256", "PS256", "ES256"))
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256", "PS256", "ES256"));
        // an OpenID Connect member: the RFC 8414 document stays as it was
        assertThat(Http.json(Http.get(test.issuer() + "/.well-known/oauth-authorization-server")))
                .doesNotContainKey("userinfo_signing_alg_values_supported");
    }

    @Test
    void staticClientWithRs256ThenSignedJwtVerifiedWithTheJwksCarryingIssAudAndClaims() throws Exception {
        String accessToken = accessToken("signed", "signed-secret", null);

        HttpResponse<String> response = Http.bearer(userinfoUrl(), accessToken);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringCase("application/jwt");
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
        SignedJWT jwt = SignedJWT.parse(response.body());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JWTClaimsSet claims = verify(response.body(), JWSAlgorithm.RS256);
        assertThat(claims.getIssuer()).isEqualTo(test.issuer());
        assertThat(claims.getAudience()).containsExactly("signed");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getClaims())
                .containsEntry("name", "Alice Example")
                .containsEntry("email", "alice@example.com")
                .doesNotContainKey("exp");

        // the same with the token in a POST body (RFC 6750 section 2.2)
        HttpResponse<String> posted =
                Http.postRaw(userinfoUrl(), null, "application/x-www-form-urlencoded", "access_token=" + accessToken);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(verify(posted.body(), JWSAlgorithm.RS256).getSubject()).isEqualTo("alice");
    }

    @Test
    void signedJwtUnderAnyOtherAlgorithmOrKeyThenNotVerified() throws Exception {
        String body = Http.bearer(userinfoUrl(), accessToken("signed", "signed-secret", null))
                .body();

        assertThatThrownBy(() -> verify(body, JWSAlgorithm.PS256)).hasMessageContaining("key");
        // a key of the right algorithm that the server did not publish
        JWKSet stranger = new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK());
        assertThatThrownBy(() -> verify(body, JWSAlgorithm.RS256, stranger)).isInstanceOf(Exception.class);
    }

    @Test
    void clientWithoutSignedResponsesThenPlainJson() {
        HttpResponse<String> response = Http.bearer(userinfoUrl(), accessToken("plain", "plain-secret", null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWithIgnoringCase("application/json");
        assertThat(Http.json(response))
                .isEqualTo(Map.of("sub", "alice", "name", "Alice Example", "email", "alice@example.com"));
    }

    @Test
    void invalidTokenThenTheRfc6750ErrorNotAJwt() {
        HttpResponse<String> response = Http.bearer(userinfoUrl(), "not-a-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).doesNotContain("jwt");
    }

    @Test
    void dpopBoundTokenThenSignedJwtToo() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        String accessToken = accessToken("signed", "signed-secret", proofs);
        String proof = proofs.createDPoPJWT(
                        "GET", URI.create(test.issuer() + "/oauth2/userinfo"), new DPoPAccessToken(accessToken))
                .serialize();

        HttpResponse<String> response = Http.get(userinfoUrl(), "Authorization", "DPoP " + accessToken, "DPoP", proof);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringCase("application/jwt");
        assertThat(verify(response.body(), JWSAlgorithm.RS256).getSubject()).isEqualTo("alice");
        // without its proof, the DPoP token is refused with the DPoP challenge
        HttpResponse<String> withoutProof = Http.get(userinfoUrl(), "Authorization", "DPoP " + accessToken);
        assertThat(withoutProof.statusCode()).isEqualTo(401);
        assertThat(withoutProof.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("DPoP ");
    }

    @Test
    void dynamicallyRegisteredClientThenAlgorithmEchoedReadBackAndUserinfoSignedWithIt() throws Exception {
        String redirectUri = "https://dyn.example.com/cb";
        HttpResponse<String> registered = register(Http.write(Map.of(
                "redirect_uris", List.of(redirectUri),
                "scope", "openid profile email",
                "userinfo_signed_response_alg", "PS256")));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        Map<String, Object> client = Http.json(registered);
        assertThat(client).containsEntry("userinfo_signed_response_alg", "PS256");
        String clientId = (String) client.get("client_id");
        // RFC 7592 section 2.1: the read answers the registered value
        HttpResponse<String> read = send(
                "GET",
                (String) client.get("registration_client_uri"),
                (String) client.get("registration_access_token"),
                null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(Http.json(read)).containsEntry("userinfo_signed_response_alg", "PS256");

        HttpResponse<String> response = Http.bearer(
                userinfoUrl(), accessToken(clientId, (String) client.get("client_secret"), redirectUri, null));

        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringCase("application/jwt");
        JWTClaimsSet claims = verify(response.body(), JWSAlgorithm.PS256);
        assertThat(claims.getIssuer()).isEqualTo(test.issuer());
        assertThat(claims.getAudience()).containsExactly(clientId);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.com");
    }

    @Test
    void registrationWithAnAlgorithmTheServerDoesNotSignWithThenInvalidClientMetadata() {
        for (Object alg : List.of("none", "HS256", "EdDSA", "RS512", 256)) {
            HttpResponse<String> response = register(Http.write(Map.of(
                    "redirect_uris", List.of("https://bad.example.com/cb"), "userinfo_signed_response_alg", alg)));

            ClientRegistrationHttpTest.assertError(response, 400, "invalid_client_metadata");
            assertThat(Http.json(response).get("error_description").toString())
                    .contains("userinfo_signed_response_alg");
        }
    }

    @Test
    void configuredClientWithAnAlgorithmNotOfferedThenConfigRefused() {
        String config = CONFIG.replace("userinfoSignedResponseAlg: RS256", "userinfoSignedResponseAlg: EdDSA")
                .replace("PORT", "8080");

        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom()).parse("c.yaml", config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].userinfoSignedResponseAlg")
                .hasMessageContaining("signing.idTokenAlgorithms");
    }

    // ---- helpers ----

    private static HttpResponse<String> register(String json) {
        return send("POST", test.baseUrl() + "/oauth2/register", null, json);
    }

    private static String accessToken(String clientId, String secret, DefaultDPoPProofFactory proofs) {
        return accessToken(clientId, secret, "https://" + clientId + ".example.com/cb", proofs);
    }

    /** Alice signs in and consents; the code is redeemed, with a DPoP proof when {@code proofs} is given. */
    private static String accessToken(
            String clientId, String secret, String redirectUri, DefaultDPoPProofFactory proofs) {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(
                browser,
                authorizeUrl(clientId, redirectUri, "scope", "openid profile email"),
                "alice",
                "alice-password");
        // consent is remembered: a client alice approved before gets its code at once
        Map<String, String> code = assertRedirect(
                consent.statusCode() == 302
                        ? consent
                        : browser.post(
                                Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                redirectUri);
        String form = "grant_type=authorization_code&code=" + PagesHttpTest.encode(code.get("code")) + "&redirect_uri="
                + PagesHttpTest.encode(redirectUri) + "&code_verifier=" + VERIFIER;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(test.tokenUrl()))
                .header("Authorization", Http.basic(clientId, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        try (HttpClient http = HttpClient.newHttpClient()) {
            if (proofs != null) {
                request.header(
                        "DPoP",
                        proofs.createDPoPJWT("POST", URI.create(test.tokenUrl()))
                                .serialize());
            }
            HttpResponse<String> token = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            Map<String, Object> tokens = Http.json(token);
            assertThat(tokens).containsEntry("token_type", proofs != null ? "DPoP" : "Bearer");
            return (String) tokens.get("access_token");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JWTClaimsSet verify(String jwt, JWSAlgorithm algorithm) throws Exception {
        JWKSet published =
                JWKSet.parse(Http.get(test.baseUrl() + "/oauth2/keys").body());
        return verify(jwt, algorithm, published);
    }

    /** Nimbus's processor: the key selected by the header's kid among the JWKS keys of this algorithm only. */
    private static JWTClaimsSet verify(String jwt, JWSAlgorithm algorithm, JWKSet keys) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier((type, context) -> {});
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return processor.process(jwt, null);
    }
}

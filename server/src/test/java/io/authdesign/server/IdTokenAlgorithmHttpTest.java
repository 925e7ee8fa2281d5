package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.VERIFIER;
import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.authorizeUrl;
import static io.authdesign.server.PagesHttpTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ID token signing algorithms: {@code signing.idTokenAlgorithms} advertised truthfully as {@code
 * id_token_signing_alg_values_supported}, and each client's ID tokens signed with its registered {@code
 * id_token_signed_response_alg} (OpenID Connect Dynamic Client Registration 1.0 section 2), verified with
 * jose4j against the published keys; the same algorithms advertised for signed UserInfo responses.
 */
class IdTokenAlgorithmHttpTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: rs
                clientSecret: rs-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://rs.example.com/cb]
              - clientId: ps
                clientSecret: ps-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://ps.example.com/cb]
                idTokenSignedResponseAlg: PS256
              - clientId: es
                clientSecret: es-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://es.example.com/cb]
                idTokenSignedResponseAlg: ES256
            users:
              - username: alice
                password: alice-password
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

    @Test
    void discoveryThenEveryConfiguredAlgorithmAndOnlyThoseAdvertised() {
        Map<String, Object> metadata = Http.json(Http.get(test.issuer() + "/.well-known/openid-configuration"));

        assertThat(metadata)
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256", "PS256", "ES256"))
                // OIDC Core 1.0 section 5.3.2: UserInfo responses are signed with the same keys
                .containsEntry("userinfo_signing_alg_values_supported", List.of("RS256", "PS256", "ES256"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rs, RS256", "ps, PS256", "es, ES256"})
    void clientWithRegisteredAlgorithmThenItsIdTokenSignedWithItAndVerifiable(String clientId, String algorithm)
            throws Exception {
        String redirectUri = "https://" + clientId + ".example.com/cb";
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent =
                signIn(browser, authorizeUrl(clientId, redirectUri, "scope", "openid"), "alice", "alice-password");
        Map<String, String> code = assertRedirect(
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                redirectUri);
        HttpResponse<String> token = Http.postForm(
                test.tokenUrl(),
                Http.basic(clientId, clientId + "-secret"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code.get("code"),
                        "redirect_uri",
                        redirectUri,
                        "code_verifier",
                        VERIFIER));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> tokens = Http.json(token);

        JsonWebKeySet jwks = Jose.jwks(test.baseUrl());
        JwtContext idToken = verifyIdToken((String) tokens.get("id_token"), jwks, algorithm, clientId);
        assertThat(idToken.getJoseObjects().get(0).getAlgorithmHeaderValue()).isEqualTo(algorithm);
        JwtClaims claims = idToken.getJwtClaims();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaimValue("at_hash")).isEqualTo(atHash((String) tokens.get("access_token")));

        // any other algorithm is refused by the verifier: the token is not signed with one of those
        for (String other : new String[] {"RS256", "PS256", "ES256"}) {
            if (!other.equals(algorithm)) {
                assertThatThrownBy(() -> verifyIdToken((String) tokens.get("id_token"), jwks, other, clientId))
                        .hasMessageContaining("algorithm");
            }
        }
    }

    @Test
    void clientRegisteredForAnAlgorithmNotOfferedThenConfigRefused() {
        String config = CONFIG.replace("idTokenSignedResponseAlg: ES256", "idTokenSignedResponseAlg: EdDSA")
                .replace("PORT", "8080");

        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom()).parse("c.yaml", config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[2].idTokenSignedResponseAlg")
                .hasMessageContaining("signing.idTokenAlgorithms");
    }

    @Test
    void idTokenAlgorithmsConfiguredThenOnlyTheyAreOfferedAndFirstIsTheDefault() throws Exception {
        String config = """
                issuer: http://127.0.0.1:PORT
                port: PORT
                signing: {idTokenAlgorithms: [ES256, PS256]}
                clients:
                  - clientId: ps
                    clientSecret: ps-secret
                    authMethods: [client_secret_basic]
                    grantTypes: [authorization_code]
                    scopes: [openid]
                    redirectUris: [https://ps.example.com/cb]
                    idTokenSignedResponseAlg: PS256
                """;
        LoadedConfig loaded = new ConfigLoader(new SecureRandom()).parse("c.yaml", config.replace("PORT", "8080"));
        assertThat(loaded.signing().idTokenAlgorithms())
                .extracting(a -> a.jws().getName())
                .containsExactly("ES256", "PS256");
        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom())
                        .parse("c.yaml", config.replace("PORT", "8080").replace("PS256]", "XS256]")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("signing.idTokenAlgorithms[1]");
        try (TestServer server = TestServer.start(config)) {
            assertThat(Http.json(Http.get(server.issuer() + "/.well-known/openid-configuration")))
                    .containsEntry("id_token_signing_alg_values_supported", List.of("ES256", "PS256"))
                    .containsEntry("userinfo_signing_alg_values_supported", List.of("ES256", "PS256"));
        }
    }

    private static JwtContext verifyIdToken(String token, JsonWebKeySet jwks, String algorithm, String clientId)
            throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
                .setExpectedIssuer(test.issuer())
                .setExpectedAudience(clientId)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .build()
                .process(token);
    }

    /** OpenID Connect Core section 3.1.3.6: the left half of the SHA-256 hash, for these three algorithms. */
    private static String atHash(String accessToken) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }
}

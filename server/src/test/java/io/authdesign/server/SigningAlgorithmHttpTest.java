package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code signing.algorithm} of the configuration: tokens in that algorithm, verified with jose4j. */
class SigningAlgorithmHttpTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 300
            signing:
              algorithm: ALG
            clients:
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ES256, EC, 'crv,kid,kty,use,alg,x,y'",
        "RS256, RSA, 'e,kid,kty,n,use,alg'",
        "PS256, RSA, 'e,kid,kty,n,use,alg'",
        "EdDSA, OKP, 'crv,kid,kty,use,alg,x'"
    })
    void configuredAlgorithmThenTokensSignedWithItAndVerifiedByJose4j(
            String algorithm, String keyType, String members) {
        try (TestServer test = TestServer.start(CONFIG.replace("ALG", algorithm))) {
            HttpResponse<String> keysResponse = Http.get(test.issuer() + "/oauth2/keys");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> all =
                    (List<Map<String, Object>>) Http.json(keysResponse).get("keys");
            // the access token key, plus the keys of the ID token algorithms (RS256, PS256, ES256 by default)
            assertThat(all).extracting(key -> key.get("alg")).containsOnly(algorithm, "RS256", "PS256", "ES256");
            List<Map<String, Object>> keys =
                    all.stream().filter(key -> algorithm.equals(key.get("alg"))).toList();
            assertThat(keys).hasSize(1);
            assertThat(keys.get(0).keySet()).containsExactlyInAnyOrder(members.split(","));
            assertThat(keys.get(0))
                    .containsEntry("kty", keyType)
                    .containsEntry("alg", algorithm)
                    .containsEntry("use", "sig");
            if (algorithm.equals("EdDSA")) {
                assertThat(keys.get(0)).containsEntry("crv", "Ed25519");
            }

            HttpResponse<String> response = Http.postForm(
                    test.tokenUrl(), Http.basic("svc", "svc-secret"), Map.of("grant_type", "client_credentials"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String token = (String) Http.json(response).get("access_token");
            JsonWebKeySet jwks = Jose.jwks(test.issuer());
            ClientCredentialsHttpTest.assertAccessToken(token, jwks, algorithm, test.issuer(), "svc", "read", 300);

            HttpResponse<String> me = Http.bearer(test.issuer() + "/api/me", token);
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(Http.json(me)).isEqualTo(Map.of("sub", "svc", "client_id", "svc", "scope", "read"));
        }
    }
}

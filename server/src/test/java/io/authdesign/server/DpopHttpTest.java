package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference server's DPoP settings over HTTP, with proofs made by the Nimbus OAuth SDK. */
class DpopHttpTest {

    private static final String CLIENTS = """
            clients:
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
              - clientId: bound
                clientSecret: bound-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
                dpopBoundAccessTokens: true
              - clientId: bound-tv
                clientSecret: bound-tv-secret
                authMethods: [client_secret_basic]
                grantTypes: [device_code]
                scopes: [openid]
                dpopBoundAccessTokens: true
            """;

    private static ECKey key;
    private static DefaultDPoPProofFactory proofs;

    @BeforeAll
    static void keys() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).generate();
        proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
    }

    private static TestServer server(String dpop) {
        return TestServer.start("issuer: http://127.0.0.1:PORT\nport: PORT\n" + dpop + CLIENTS);
    }

    private static HttpResponse<String> token(TestServer server, String client, String secret, String proof)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .header("Authorization", Http.basic(client, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
        if (proof != null) {
            request.header("DPoP", proof);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String proof(TestServer server, String nonce) throws Exception {
        return proofs.createDPoPJWT("POST", URI.create(server.tokenUrl()), nonce == null ? null : new Nonce(nonce))
                .serialize();
    }

    @Test
    void proofThenDpopTokenBoundToTheKeyAndUsableOnlyWithTheDpopScheme() throws Exception {
        try (TestServer server = server("")) {
            HttpResponse<String> response = token(server, "svc", "svc-secret", proof(server, null));

            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> body = Http.json(response);
            assertThat(body).containsEntry("token_type", "DPoP");
            String accessToken = (String) body.get("access_token");
            Map<String, Object> claims = Http.json(new String(
                    Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(claims)
                    .containsEntry("cnf", Map.of("jkt", key.computeThumbprint().toString()));

            URI me = URI.create(server.baseUrl() + ReferenceServer.ME);
            String resourceProof = proofs.createDPoPJWT(
                            "GET", URI.create(server.issuer() + ReferenceServer.ME), new DPoPAccessToken(accessToken))
                    .serialize();
            HttpResponse<String> withProof =
                    Http.get(me.toString(), "Authorization", "DPoP " + accessToken, "DPoP", resourceProof);
            assertThat(withProof.statusCode()).isEqualTo(200);
            HttpResponse<String> asBearer = Http.bearer(me.toString(), accessToken);
            assertThat(asBearer.statusCode()).isEqualTo(401);
            assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("DPoP error=\"invalid_token\"");
        }
    }

    @Test
    void withoutProofThenBearerTokenUnlessTheClientIsDpopBound() throws Exception {
        try (TestServer server = server("")) {
            assertThat(Http.json(token(server, "svc", "svc-secret", null))).containsEntry("token_type", "Bearer");

            HttpResponse<String> bound = token(server, "bound", "bound-secret", null);
            assertThat(bound.statusCode()).isEqualTo(400);
            assertThat(Http.json(bound)).containsEntry("error", "invalid_dpop_proof");
            assertThat(Http.json(token(server, "bound", "bound-secret", proof(server, null))))
                    .containsEntry("token_type", "DPoP");
        }
    }

    @Test
    void dpopBoundDeviceClientPollingWithoutProofThenInvalidDpopProofAndWithOneTheUsualPending() throws Exception {
        try (TestServer server = server("")) {
            Map<String, Object> codes = Http.json(Http.postForm(
                    server.baseUrl() + "/oauth2/devicecode",
                    Http.basic("bound-tv", "bound-tv-secret"),
                    Map.of("scope", "openid")));
            String deviceCode = (String) codes.get("device_code");
            String form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=" + deviceCode;

            HttpResponse<String> withoutProof = poll(server, form, null);
            assertThat(withoutProof.statusCode()).isEqualTo(400);
            assertThat(Http.json(withoutProof))
                    .isEqualTo(Map.of(
                            "error", "invalid_dpop_proof", "error_description", "This client must send a DPoP proof"));

            HttpResponse<String> withProof = poll(server, form, proof(server, null));
            assertThat(withProof.statusCode()).isEqualTo(400);
            assertThat(Http.json(withProof)).containsEntry("error", "authorization_pending");
        }
    }

    private static HttpResponse<String> poll(TestServer server, String form, String proof) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .header("Authorization", Http.basic("bound-tv", "bound-tv-secret"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (proof != null) {
            request.header("DPoP", proof);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void requiredThenEveryTokenRequestNeedsAProof() throws Exception {
        try (TestServer server = server("dpop: {required: true}\n")) {
            HttpResponse<String> response = token(server, "svc", "svc-secret", null);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Http.json(response)).containsEntry("error", "invalid_dpop_proof");
        }
    }

    @Test
    void nonceThenFirstProofGetsUseDpopNonceAndTheRetryWithItSucceeds() throws Exception {
        try (TestServer server = server("dpop: {nonce: true}\n")) {
            HttpResponse<String> first = token(server, "svc", "svc-secret", proof(server, null));

            assertThat(first.statusCode()).isEqualTo(400);
            assertThat(Http.json(first)).containsEntry("error", "use_dpop_nonce");
            String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
            HttpResponse<String> retry = token(server, "svc", "svc-secret", proof(server, nonce));
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(Http.json(retry)).containsEntry("token_type", "DPoP");
        }
    }
}

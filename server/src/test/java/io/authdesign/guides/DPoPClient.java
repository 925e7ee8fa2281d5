package io.authdesign.guides;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * A DPoP client with the Nimbus OAuth 2.0 SDK: one key pair for its tokens, a fresh proof for every request,
 * and one retry with the server's nonce when it asks for one ({@code use_dpop_nonce}).
 */
public final class DPoPClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ECKey key;
    private final DPoPProofFactory proofs;
    private Nonce nonce; // the latest DPoP-Nonce the server sent

    public DPoPClient() throws JOSEException {
        key = new ECKeyGenerator(Curve.P_256).generate();
        proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
    }

    /** The thumbprint the server binds tokens to ({@code cnf.jkt}). */
    public String thumbprint() throws JOSEException {
        return key.computeThumbprint().toString();
    }

    /** POSTs a form to the token endpoint with a proof. */
    public HttpResponse<String> token(URI tokenEndpoint, String basicAuthorization, String form) throws Exception {
        return sendWithNonceRetry(() -> HttpRequest.newBuilder(tokenEndpoint)
                .header("Authorization", basicAuthorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "DPoP",
                        proofs.createDPoPJWT("POST", tokenEndpoint, null, nonce).serialize())
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    }

    /** POSTs to a protected route with the DPoP-bound token and a proof naming it ({@code ath}). */
    public HttpResponse<String> post(URI resource, String accessToken) throws Exception {
        DPoPAccessToken token = new DPoPAccessToken(accessToken);
        return sendWithNonceRetry(() -> HttpRequest.newBuilder(resource)
                .header("Authorization", "DPoP " + accessToken)
                .header(
                        "DPoP",
                        proofs.createDPoPJWT("POST", resource, token, nonce).serialize())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private interface RequestMaker {
        HttpRequest make() throws JOSEException;
    }

    private HttpResponse<String> sendWithNonceRetry(RequestMaker request)
            throws IOException, InterruptedException, JOSEException {
        HttpResponse<String> response = http.send(request.make(), HttpResponse.BodyHandlers.ofString());
        Optional<String> serverNonce = response.headers().firstValue("DPoP-Nonce");
        serverNonce.ifPresent(value -> nonce = new Nonce(value));
        boolean nonceAsked = response.body().contains("use_dpop_nonce")
                || response.headers().firstValue("WWW-Authenticate").orElse("").contains("use_dpop_nonce");
        if (nonceAsked && serverNonce.isPresent()) {
            response = http.send(request.make(), HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }
}

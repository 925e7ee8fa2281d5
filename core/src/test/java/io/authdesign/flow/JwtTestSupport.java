package io.authdesign.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.keys.JwksRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Shared helpers of the key, JWT and discovery tests: in-process calls and independent verification. */
final class JwtTestSupport {

    static final String ISSUER = "https://auth.example.com";
    static final String TOKEN = "/oauth2/token";
    static final String KEYS = JwksRoute.DEFAULT_PATH;
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JwtTestSupport() {}

    static Map<String, Object> json(HttpResponse response) {
        return json(response.bodyAsString());
    }

    static Map<String, Object> json(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Client credentials token request with Basic authentication; the response must be 200. */
    static String issue(AuthDesign design, String form) {
        HttpResponse response = Requests.postBasic(design, TOKEN, "svc", "s3cret", form);
        assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
        return (String) json(response).get("access_token");
    }

    static HttpResponse get(AuthDesign design, String path) {
        return Requests.call(design, "GET", path, HttpRequest.builder("GET", path));
    }

    static String jwksJson(AuthDesign design) {
        HttpResponse response = get(design, KEYS);
        assertThat(response.status()).isEqualTo(200);
        return response.bodyAsString();
    }

    static HttpRequest bearer(String token) {
        return HttpRequest.builder("GET", "/api/me")
                .header("Authorization", "Bearer " + token)
                .build();
    }

    /**
     * Verifies a JWT with jose4j against a JWKS document, as an independent relying party would.
     *
     * @throws InvalidJwtException when jose4j refuses it
     */
    static JwtClaims verifyWithJose4j(
            String token, String jwks, String type, String algorithm, String audience, Instant at)
            throws InvalidJwtException {
        JsonWebKeySet keys;
        try {
            keys = new JsonWebKeySet(jwks);
        } catch (JoseException e) {
            throw new IllegalArgumentException(e);
        }
        JwtConsumerBuilder consumer = new JwtConsumerBuilder();
        if (type.equals("at+jwt")) {
            consumer.setRequireJwtId();
        }
        return consumer.setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
                .setExpectedType(true, type)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setEvaluationTime(NumericDate.fromSeconds(at.getEpochSecond()))
                .build()
                .processToClaims(token);
    }
}

package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.Key;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * jose4j, a JOSE library independent of the one AuthDesign uses, as the tests' verifier of the server's
 * tokens and signer of client assertions.
 */
final class Jose {

    private Jose() {}

    /** The server's JWK Set, found as a client would: metadata first, then its {@code jwks_uri}. */
    static JsonWebKeySet jwks(String baseUrl) {
        HttpResponse<String> metadata = Http.get(baseUrl + "/.well-known/oauth-authorization-server");
        assertThat(metadata.statusCode()).isEqualTo(200);
        String jwksUri = (String) Http.json(metadata).get("jwks_uri");
        assertThat(jwksUri).isEqualTo(baseUrl + "/oauth2/keys");
        HttpResponse<String> keys = Http.get(jwksUri);
        assertThat(keys.statusCode()).isEqualTo(200);
        try {
            return new JsonWebKeySet(keys.body());
        } catch (JoseException e) {
            throw new AssertionError("Not a JWK Set: " + keys.body(), e);
        }
    }

    /**
     * Verifies an RFC 9068 access token with jose4j: signature by a key of the set, the given algorithm only,
     * {@code typ at+jwt}, {@code iss} and {@code aud} the issuer, {@code exp}, {@code iat}, {@code jti} and
     * {@code sub} present, times valid now.
     */
    static JwtContext verifyAccessToken(String token, JsonWebKeySet jwks, String algorithm, String issuer) {
        return verifyAccessToken(token, jwks, algorithm, issuer, null);
    }

    /** As {@link #verifyAccessToken(String, JsonWebKeySet, String, String)}, at the given time. */
    static JwtContext verifyAccessToken(
            String token, JsonWebKeySet jwks, String algorithm, String issuer, NumericDate at) {
        JwtConsumerBuilder consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
                .setExpectedType(true, "at+jwt")
                .setExpectedIssuer(issuer)
                .setExpectedAudience(issuer)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject();
        if (at != null) {
            consumer.setEvaluationTime(at);
        }
        try {
            return consumer.build().process(token);
        } catch (InvalidJwtException e) {
            throw new AssertionError("jose4j refused the token: " + e.getMessage(), e);
        }
    }

    /** The token's JWS header, as jose4j reads it. */
    static JsonWebSignature header(JwtContext context) {
        return (JsonWebSignature) context.getJoseObjects().get(0);
    }

    /** A signed compact JWS of the claims, with the header members given (null values are left out). */
    static String sign(Map<String, Object> claims, Key key, String algorithm, String kid, String type) {
        JsonWebSignature jws = new JsonWebSignature();
        JwtClaims jwtClaims = new JwtClaims();
        claims.forEach(jwtClaims::setClaim);
        jws.setPayload(jwtClaims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(algorithm);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        if (type != null) {
            jws.setHeader("typ", type);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }

    /** As {@link #sign}, without jose4j's key checks (a short HMAC key, for instance). */
    static String signWithoutKeyChecks(Map<String, Object> claims, Key key, String algorithm) {
        JsonWebSignature jws = new JsonWebSignature();
        JwtClaims jwtClaims = new JwtClaims();
        claims.forEach(jwtClaims::setClaim);
        jws.setPayload(jwtClaims.toJson());
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        jws.setAlgorithmHeaderValue(algorithm);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }

    /** RFC 7523 client assertion claims: {@code iss} = {@code sub} = client id, expiring in 60 s, random jti. */
    static Map<String, Object> assertionClaims(String clientId, String audience) {
        long now = NumericDate.now().getValue();
        return Map.of(
                "iss",
                clientId,
                "sub",
                clientId,
                "aud",
                audience,
                "iat",
                now,
                "exp",
                now + 60,
                "jti",
                UUID.randomUUID().toString());
    }

    /** The token request form of a JWT client assertion (RFC 7523 section 2.2). */
    static Map<String, String> assertionForm(String assertion, String... more) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        for (int i = 0; i < more.length; i += 2) {
            form.put(more[i], more[i + 1]);
        }
        return form;
    }

    /** The claim names of a verified token, for exact-set assertions. */
    static List<String> claimNames(JwtContext context) {
        return List.copyOf(context.getJwtClaims().getClaimsMap().keySet());
    }
}

package io.authdesign.authorize;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.http.FormParameters;
import io.authdesign.jwt.PublicKeys;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request object of an authorization request (the {@code request} parameter), checked and expanded
 * into the request's parameters, in this order: a signed JWT (never {@code alg: none}, never encrypted
 * here); an accepted algorithm; the client's key verifies it; {@code iss} and {@code client_id} (when
 * present) are the client; {@code aud} names the issuer; {@code exp} not passed and {@code nbf} not ahead
 * (required and bounded when the route says so). Its claims then supersede the parameters sent beside it.
 * Every failure is {@code invalid_request_object}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9101#section-6">RFC 9101 section 6</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#RequestObject">OpenID Connect Core
 *     section 6.1</a>
 */
final class RequestObjects {

    /** The error of every refused request object. */
    static final OAuth2ErrorCode INVALID_REQUEST_OBJECT = OAuth2ErrorCode.of("invalid_request_object");

    /** Clock skew tolerated on {@code exp} and {@code nbf}. */
    private static final long SKEW_SECONDS = 60;

    /** Registered claims of the JWT itself, which are not authorization request parameters. */
    private static final Set<String> JWT_CLAIMS = Set.of("iss", "aud", "exp", "nbf", "iat", "jti", "sub");

    private RequestObjects() {}

    /**
     * The parameters of a request with a request object: the object's claims over the parameters sent
     * beside it ({@code request} removed).
     *
     * @param params the request's parameters, with {@code request}
     * @param clientId the client the request is for
     * @param route the request object settings
     * @param issuer this server's issuer identifier (the object's audience)
     * @param clock the clock
     * @return the expanded parameters
     * @throws OAuth2Exception {@code invalid_request_object} when a rule is broken
     */
    static FormParameters expand(
            FormParameters params, String clientId, RequestObjectRoute route, String issuer, Clock clock)
            throws OAuth2Exception {
        JWTClaimsSet claims = verify(params.get("request").orElseThrow(), clientId, route, issuer, clock);
        Map<String, String> expanded = new LinkedHashMap<>(params.asMap());
        expanded.remove("request");
        for (Map.Entry<String, Object> claim : claims.toJSONObject().entrySet()) {
            if (!JWT_CLAIMS.contains(claim.getKey()) && claim.getValue() != null) {
                expanded.put(claim.getKey(), parameterValue(claim.getValue()));
            }
        }
        expanded.put("client_id", clientId);
        return FormParameters.of(expanded);
    }

    private static JWTClaimsSet verify(
            String object, String clientId, RequestObjectRoute route, String issuer, Clock clock)
            throws OAuth2Exception {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(object);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw refuse("The request object is not a signed JWT");
        }
        if (!route.getAlgorithms().contains(jwt.getHeader().getAlgorithm())) {
            throw refuse("The request object's algorithm is not accepted");
        }
        if (!signatureVerifies(jwt, clientId, route)) {
            throw refuse("The request object's signature does not verify with the client's keys");
        }
        if (claims.getIssuer() != null && !claims.getIssuer().equals(clientId)) {
            throw refuse("The request object's iss is not the client");
        }
        Object claimedClient = claims.getClaim("client_id");
        if (claimedClient != null && !claimedClient.equals(clientId)) {
            throw refuse("The request object's client_id is not the request's");
        }
        List<String> audience = claims.getAudience();
        if ((audience != null && !audience.isEmpty() || route.isExpiryRequired())
                && (audience == null || !audience.contains(issuer))) {
            throw refuse("The request object's aud does not name this server");
        }
        checkTimes(claims, route, clock.instant());
        return claims;
    }

    private static boolean signatureVerifies(SignedJWT jwt, String clientId, RequestObjectRoute route) {
        try {
            PublicKeys keys = route.getKeys().keysOf(clientId);
            if (keys == null) {
                return false;
            }
            for (JWSVerifier verifier : keys.verifiersFor(jwt.getHeader())) {
                if (jwt.verify(verifier)) {
                    return true;
                }
            }
            return false;
        } catch (JOSEException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("The request object keys of client '" + clientId + "' failed", e);
        }
    }

    private static void checkTimes(JWTClaimsSet claims, RequestObjectRoute route, Instant now) throws OAuth2Exception {
        Instant exp = claims.getExpirationTime() == null
                ? null
                : claims.getExpirationTime().toInstant();
        Instant nbf = claims.getNotBeforeTime() == null
                ? null
                : claims.getNotBeforeTime().toInstant();
        if (route.isExpiryRequired() && (exp == null || nbf == null)) {
            throw refuse("The request object must have exp and nbf");
        }
        if (exp != null && !exp.isAfter(now.minusSeconds(SKEW_SECONDS))) {
            throw refuse("The request object has expired");
        }
        if (nbf != null && nbf.isAfter(now.plusSeconds(SKEW_SECONDS))) {
            throw refuse("The request object is not yet valid");
        }
        if (route.isExpiryRequired()
                && exp.getEpochSecond() - nbf.getEpochSecond()
                        > route.getMaxLifetime().toSeconds()) {
            throw refuse("The request object's lifetime is too long");
        }
    }

    /** A claim as a parameter value: strings as they are, numbers and booleans as text, objects as JSON. */
    @SuppressWarnings("unchecked")
    private static String parameterValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return JSONObjectUtils.toJSONString((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static OAuth2Exception refuse(String description) {
        return new OAuth2Exception(INVALID_REQUEST_OBJECT, description);
    }
}

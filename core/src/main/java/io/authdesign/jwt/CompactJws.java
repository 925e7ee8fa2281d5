package io.authdesign.jwt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import io.authdesign.internal.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JWS compact serialisation of JWTs signed by {@link JwtSigner}, composed without the JWT library's
 * object model: {@code BASE64URL(header) '.' BASE64URL(claims) '.' BASE64URL(signature)} (RFC 7515
 * section 7.1). The signature itself is the key's {@link JWSSigner}'s (JCA or the native provider).
 */
final class CompactJws {

    private static final ObjectMapper JSON =
            JsonMapper.builder(Json.pooledFactory()).build();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** The numeric-date claims a number is given for in seconds (RFC 7519 section 4.1). */
    private static final List<String> NUMERIC_DATES = List.of("exp", "iat", "nbf", "auth_time");

    /** A protected header: the one the signer is given, and its encoded form followed by {@code '.'}. */
    record Header(JWSHeader header, byte[] encodedWithDot) {}

    private CompactJws() {}

    /** The header {@code {"alg":...,"typ":...,"kid":...}}, encoded. */
    static Header header(JWSAlgorithm algorithm, String type, String kid) {
        JWSHeader header = new JWSHeader.Builder(algorithm)
                .type(new JOSEObjectType(type))
                .keyID(kid)
                .build();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alg", algorithm.getName());
        json.put("typ", type);
        json.put("kid", kid);
        byte[] encoded = BASE64URL.encode(Json.write(json));
        byte[] withDot = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, withDot, 0, encoded.length);
        withDot[encoded.length] = '.';
        return new Header(header, withDot);
    }

    /**
     * Signs JSON claims under a header.
     *
     * @param header the encoded header
     * @param signer the key's signer
     * @param claims claims whose values are plain JSON values (see {@link #jsonClaims})
     * @return the compact serialisation
     */
    static String sign(Header header, JWSSigner signer, Map<String, Object> claims) throws JOSEException {
        byte[] payload;
        try {
            payload = BASE64URL.encode(JSON.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new JOSEException("The claims cannot be written as JSON", e);
        }
        byte[] head = header.encodedWithDot();
        byte[] signingInput = new byte[head.length + payload.length];
        System.arraycopy(head, 0, signingInput, 0, head.length);
        System.arraycopy(payload, 0, signingInput, head.length, payload.length);
        byte[] signature = signer.sign(header.header(), signingInput).toString().getBytes(StandardCharsets.US_ASCII);
        byte[] token = new byte[signingInput.length + 1 + signature.length];
        System.arraycopy(signingInput, 0, token, 0, signingInput.length);
        token[signingInput.length] = '.';
        System.arraycopy(signature, 0, token, signingInput.length + 1, signature.length);
        return new String(token, StandardCharsets.US_ASCII);
    }

    /**
     * The claims as they are written: numeric dates and {@link Instant}s in whole seconds, {@code null}
     * members left out; or {@code null} when a value is not a plain JSON value (then the JWT library
     * writes them, as it always did).
     */
    static Map<String, Object> jsonClaims(Map<String, Object> claims) {
        boolean asGiven = true;
        for (Map.Entry<String, Object> claim : claims.entrySet()) {
            Object value = claim.getValue();
            if (value == null
                    || value instanceof Instant
                    || (NUMERIC_DATES.contains(claim.getKey())
                            && value instanceof Number
                            && !(value instanceof Long))) {
                asGiven = false;
                break;
            }
            if (!plain(value)) {
                return null;
            }
        }
        if (asGiven) {
            // as a token's claims usually are: written as they are, without a copy
            return claims;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        for (Map.Entry<String, Object> claim : claims.entrySet()) {
            Object value = claim.getValue();
            if (value == null) {
                continue;
            }
            if (NUMERIC_DATES.contains(claim.getKey()) && value instanceof Number seconds) {
                value = seconds.longValue();
            } else if (value instanceof Instant instant) {
                value = instant.toEpochMilli() / 1000;
            } else if (!plain(value)) {
                return null;
            }
            json.put(claim.getKey(), value);
        }
        return json;
    }

    /** Strings, booleans, integers, and lists and string-keyed maps of these, without {@code null}s. */
    private static boolean plain(Object value) {
        if (value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof BigInteger) {
            return true;
        }
        if (value instanceof Collection<?> values) {
            for (Object element : values) {
                if (element == null || !plain(element)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || entry.getValue() == null || !plain(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The claims for the JWT library: numeric dates and {@link Instant}s become {@link Date}s. */
    static JWTClaimsSet claimsSet(Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach((name, value) -> builder.claim(name, toJwtValue(name, value)));
        return builder.build();
    }

    private static Object toJwtValue(String name, Object value) {
        if (NUMERIC_DATES.contains(name) && value instanceof Number seconds) {
            return new Date(seconds.longValue() * 1000);
        }
        if (value instanceof Instant instant) {
            return new Date(instant.toEpochMilli());
        }
        return value;
    }
}

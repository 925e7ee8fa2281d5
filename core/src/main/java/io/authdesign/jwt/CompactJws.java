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
import io.authdesign.internal.JsonOutput;
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

    /** A key's signer, and its pool of initialised signatures when its algorithm has one. */
    record Signing(JWSSigner signer, SignaturePool pool) {}

    /**
     * Signs JSON claims under a header. The token is composed in one buffer: the encoded header, the
     * claims' JSON encoded in place, then the signature; the signature covers the buffer's first part.
     *
     * @param header the encoded header
     * @param signing the key's signer
     * @param claims claims whose values are plain JSON values (see {@link #jsonClaims})
     * @return the compact serialisation
     */
    static String sign(Header header, Signing signing, Map<String, Object> claims) throws JOSEException {
        byte[] head = header.encodedWithDot();
        SignaturePool pool = signing.pool();
        int jsonLength = JsonOutput.size(claims);
        if (pool == null || jsonLength < 0) {
            return signWithSigner(header, signing, claims);
        }
        int inputLength = head.length + encodedLength(jsonLength);
        byte[] token = buffer(head, inputLength, pool);
        // the JSON is written at the end of the payload's place and encoded forwards over itself: every
        // group of three bytes is read before its four characters are written, and the writing never
        // overtakes the reading (see encode)
        int jsonStart = inputLength - jsonLength;
        try {
            if (JsonOutput.write(claims, token, jsonStart) != inputLength) {
                return signWithSigner(header, signing, claims);
            }
        } catch (IndexOutOfBoundsException e) {
            // a claim changed while it was written: it is written again as it is now
            return signWithSigner(header, signing, claims);
        }
        return signed(token, head.length, jsonStart, pool);
    }

    /**
     * As {@link #sign(Header, Signing, Map)}, for claims given as members, in order (see {@link
     * JsonOutput#writeObject}): the claims of a token written without a map of them. A {@code null} value leaves
     * its claim out; the values are plain JSON values (see {@link #jsonClaims}).
     *
     * @param header the encoded header
     * @param signing the key's signer
     * @param names the claims' names
     * @param values their values, at the same indexes
     * @return the compact serialisation
     */
    static String sign(Header header, Signing signing, String[] names, Object[] values) throws JOSEException {
        byte[] head = header.encodedWithDot();
        SignaturePool pool = signing.pool();
        int jsonLength = JsonOutput.objectSize(names, values, Map.of());
        if (pool == null || jsonLength < 0) {
            return sign(header, signing, claims(names, values));
        }
        int inputLength = head.length + encodedLength(jsonLength);
        byte[] token = buffer(head, inputLength, pool);
        int jsonStart = inputLength - jsonLength; // written and encoded in place, as sign(Header, Signing, Map) does
        try {
            if (JsonOutput.writeObject(names, values, Map.of(), token, jsonStart) != inputLength) {
                return sign(header, signing, claims(names, values));
            }
        } catch (IndexOutOfBoundsException e) {
            // a claim changed while it was written: it is written again as it is now
            return sign(header, signing, claims(names, values));
        }
        return signed(token, head.length, jsonStart, pool);
    }

    /** The members that are not {@code null}, in order. */
    static Map<String, Object> claims(String[] names, Object[] values) {
        Map<String, Object> claims = LinkedHashMap.newLinkedHashMap(names.length);
        for (int k = 0; k < names.length; k++) {
            if (values[k] != null) {
                claims.put(names[k], values[k]);
            }
        }
        return claims;
    }

    /** The token's buffer: the encoded header and its dot, then room for the payload, a dot and the signature. */
    private static byte[] buffer(byte[] head, int inputLength, SignaturePool pool) {
        byte[] token = new byte[inputLength + 1 + encodedLength(pool.signatureLength())];
        System.arraycopy(head, 0, token, 0, head.length);
        return token;
    }

    /**
     * Encodes the payload's JSON, written at the end of its place from {@code jsonStart}, in place, then signs
     * the signing input and appends the signature: the token.
     */
    private static String signed(byte[] token, int payloadStart, int jsonStart, SignaturePool pool)
            throws JOSEException {
        int inputLength = token.length - 1 - encodedLength(pool.signatureLength());
        encode(token, jsonStart, inputLength - jsonStart, token, payloadStart);
        byte[] signature = pool.sign(token, inputLength);
        token[inputLength] = '.';
        int end = encode(signature, 0, signature.length, token, inputLength + 1);
        return new String(token, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** As {@link #sign}, by the key's {@link JWSSigner} (algorithms without a pool, claims Jackson writes). */
    private static String signWithSigner(Header header, Signing signing, Map<String, Object> claims)
            throws JOSEException {
        byte[] json = JsonOutput.write(claims);
        if (json == null) {
            try {
                json = JSON.writeValueAsBytes(claims);
            } catch (JsonProcessingException e) {
                throw new JOSEException("The claims cannot be written as JSON", e);
            }
        }
        byte[] head = header.encodedWithDot();
        byte[] input = new byte[head.length + encodedLength(json.length)];
        System.arraycopy(head, 0, input, 0, head.length);
        encode(json, 0, json.length, input, head.length);
        String signature = signing.signer().sign(header.header(), input).toString();
        return new String(input, StandardCharsets.US_ASCII) + '.' + signature;
    }

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    /** The length of {@code BASE64URL} of {@code n} bytes, without padding (RFC 7515 section 2). */
    static int encodedLength(int n) {
        return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
    }

    /**
     * Writes {@code BASE64URL} without padding of {@code src[from, from + length)} into {@code dst} from
     * {@code at}. The two may be one array when the input ends where the output does ({@code at +}
     * {@link #encodedLength}{@code (length) == from + length}): each group of three bytes is read before
     * its four characters are written, and the output of group {@code k} ends at {@code at + 4k + 4}, never
     * beyond the next group's start {@code from + 3k + 3}, since {@code from - at} is the encoding's
     * growth, at least a third of the input.
     *
     * @return the index after the last byte written
     */
    static int encode(byte[] src, int from, int length, byte[] dst, int at) {
        int i = from;
        int d = at;
        for (int whole = from + length - length % 3; i < whole; i += 3) {
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            dst[d++] = ALPHABET[bits >>> 18];
            dst[d++] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[d++] = ALPHABET[(bits >>> 6) & 0x3F];
            dst[d++] = ALPHABET[bits & 0x3F];
        }
        int left = from + length - i;
        if (left == 1) {
            int bits = (src[i] & 0xFF) << 16;
            dst[d++] = ALPHABET[bits >>> 18];
            dst[d++] = ALPHABET[(bits >>> 12) & 0x3F];
        } else if (left == 2) {
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8;
            dst[d++] = ALPHABET[bits >>> 18];
            dst[d++] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[d++] = ALPHABET[(bits >>> 6) & 0x3F];
        }
        return d;
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
    static boolean plain(Object value) {
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

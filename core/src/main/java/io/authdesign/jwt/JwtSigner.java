package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.keys.StoredKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs a design's JWTs with the active key of an algorithm from its {@link KeyRing}, with the key's id
 * in the header.
 *
 * <p>Rule: a key never signs a token that would outlive its publication (the original's bug B17). A token
 * must verify until its {@code exp} (at least now plus the lifecycle's maximum token lifetime) plus the
 * clock skew verifiers allow, so it is signed by a key published at least that long, and refused when
 * no key could be.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7515#section-5.1">RFC 7515 section 5.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7519#section-7.1">RFC 7519 section 7.1</a>
 */
public final class JwtSigner {

    private final KeyRing keys;
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();
    private final Map<String, CompactJws.Signing> signings = new ConcurrentHashMap<>();
    private volatile int cryptoGeneration = NativeCrypto.generation();
    private final Map<String, Map<String, CompactJws.Header>> headers = new ConcurrentHashMap<>();

    /**
     * Creates a signer.
     *
     * @param keys the keys it signs with
     */
    public JwtSigner(KeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Signs claims.
     *
     * @param algorithm the algorithm
     * @param type the {@code typ} header, such as {@code at+jwt}
     * @param claims the claims
     * @return the token and its key id
     * @throws IllegalArgumentException when the token's {@code exp} is beyond the public key expiry
     */
    public SignedJwt sign(SigningAlgorithm algorithm, String type, JWTClaimsSet claims) {
        Instant exp = claims.getExpirationTime() == null
                ? null
                : claims.getExpirationTime().toInstant();
        StoredKey key = keys.signingKey(algorithm, verifiableUntil(exp));
        JWSHeader header = new JWSHeader.Builder(algorithm.jws())
                .type(new JOSEObjectType(type))
                .keyID(key.kid())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer(key, algorithm));
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing with key " + key.kid() + " failed", e);
        }
        return new SignedJwt(jwt.serialize(), key.kid());
    }

    /**
     * Signs claims given as JSON values, as {@link #sign(SigningAlgorithm, String, JWTClaimsSet)} does,
     * composing the compact serialisation directly (RFC 7515 section 7.1): the protected header of each key
     * and type is encoded once, the claims are written as JSON straight into the token's buffer and the
     * signing input is signed by one of the key's initialised JCA signatures (the key's {@link JWSSigner}
     * for algorithms without one). Claims whose values are not plain JSON values (strings, booleans,
     * integers, and lists and maps of these) go through the JWT library instead; numeric dates ({@code exp},
     * {@code iat}, {@code nbf}, {@code auth_time}) and {@link Instant}s are written as whole seconds since
     * the epoch (RFC 7519 section 2), and {@code null} members are left out, as the JWT library does.
     *
     * @param algorithm the algorithm
     * @param type the {@code typ} header
     * @param claims the claims, in the order they are written
     * @return the token and its key id
     * @throws IllegalArgumentException when the token's {@code exp} is beyond the public key expiry
     */
    SignedJwt sign(SigningAlgorithm algorithm, String type, Map<String, Object> claims) {
        Map<String, Object> json = CompactJws.jsonClaims(claims);
        if (json == null) {
            return sign(algorithm, type, CompactJws.claimsSet(claims));
        }
        Instant exp = json.get("exp") instanceof Long seconds ? Instant.ofEpochSecond(seconds) : null;
        StoredKey key = keys.signingKey(algorithm, verifiableUntil(exp));
        try {
            return new SignedJwt(
                    CompactJws.sign(header(key, algorithm, type), signing(key, algorithm), json), key.kid());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing with key " + key.kid() + " failed", e);
        }
    }

    /**
     * Signs claims given as members, in order, as {@link #sign(SigningAlgorithm, String, Map)} signs the map of
     * them: the claims of every access token, written without building that map. The values are plain JSON values
     * with {@code exp} and {@code iat} as {@link Long} seconds (see {@link CompactJws#jsonClaims}); a {@code null}
     * value leaves its claim out.
     *
     * @param algorithm the algorithm
     * @param type the {@code typ} header
     * @param names the claims' names
     * @param values their values, at the same indexes
     * @return the token and its key id
     * @throws IllegalArgumentException when the token's {@code exp} is beyond the public key expiry
     */
    SignedJwt sign(SigningAlgorithm algorithm, String type, String[] names, Object[] values) {
        Instant exp = null;
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals("exp") && values[k] instanceof Long seconds) {
                exp = Instant.ofEpochSecond(seconds);
            }
        }
        StoredKey key = keys.signingKey(algorithm, verifiableUntil(exp));
        try {
            return new SignedJwt(
                    CompactJws.sign(header(key, algorithm, type), signing(key, algorithm), names, values), key.kid());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing with key " + key.kid() + " failed", e);
        }
    }

    /** The encoded protected header of a key and type, made once. */
    private CompactJws.Header header(StoredKey key, SigningAlgorithm algorithm, String type) {
        Map<String, CompactJws.Header> byType = headers.computeIfAbsent(key.kid(), kid -> new ConcurrentHashMap<>());
        CompactJws.Header header = byType.get(type);
        if (header == null) {
            header = CompactJws.header(algorithm.jws(), type, key.kid());
            byType.put(type, header);
        }
        return header;
    }

    /**
     * Until when a token must verify: its {@code exp} (or now + the maximum token lifetime, whichever is
     * later) plus the clock skew verifiers allow.
     */
    private Instant verifiableUntil(Instant exp) {
        KeyLifecycle lifecycle = keys.lifecycle();
        Instant now = lifecycle.clock().instant();
        Instant until = now.plus(lifecycle.maxTokenLifetime());
        if (exp != null && exp.isAfter(until)) {
            until = exp;
        }
        until = until.plusSeconds(JwtVerifier.CLOCK_SKEW_SECONDS);
        if (until.isAfter(now.plus(lifecycle.publicKeyExpiry()))) {
            throw new IllegalArgumentException(
                    "The token's exp is beyond the public key expiry: no key could verify it" + " until it expires");
        }
        return until;
    }

    /** The key's signer with its pool of initialised signatures, made once. */
    private CompactJws.Signing signing(StoredKey key, SigningAlgorithm algorithm) throws JOSEException {
        JWSSigner signer = signer(key, algorithm);
        CompactJws.Signing cached = signings.get(key.kid());
        if (cached != null && cached.signer() == signer) {
            return cached;
        }
        CompactJws.Signing signing = new CompactJws.Signing(signer, SignaturePool.of(algorithm, signer));
        signings.put(key.kid(), signing);
        return signing;
    }

    private JWSSigner signer(StoredKey key, SigningAlgorithm algorithm) throws JOSEException {
        int generation = NativeCrypto.generation();
        if (generation != cryptoGeneration) {
            // a provider was installed since these signers were made: their keys are the old provider's
            signers.clear();
            signings.clear();
            cryptoGeneration = generation;
        }
        JWSSigner cached = signers.get(key.kid());
        if (cached != null) {
            return cached;
        }
        try {
            JWSSigner signer = algorithm.signer(JWK.parse(key.privateJwk()));
            signers.put(key.kid(), signer);
            return signer;
        } catch (ParseException e) {
            throw new JOSEException("Stored key " + key.kid() + " is not a valid JWK", e);
        }
    }
}

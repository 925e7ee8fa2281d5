package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.StoreUnavailableException;
import io.authdesign.keys.JwkSet;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.keys.StoredKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Signs and verifies a design's JWTs with the keys of its {@link KeyLifecycle}, publishes their public
 * halves, and rotates them.
 *
 * <p>Rules: a key is published (in {@link #jwks()}) from its creation; a rotated-in key signs only after
 * its activation delay; a key never signs a token that would outlive its publication (the original's bug
 * B17); verification only reads keys and never creates one.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7515">RFC 7515</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public final class JwtAuthority {

    /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
    public static final long CLOCK_SKEW_SECONDS = KeyLifecycle.CLOCK_SKEW_SECONDS;

    private final KeyLifecycle lifecycle;
    private final Set<SigningAlgorithm> algorithms;
    private final Logger logger;
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();
    private final Map<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();

    /** How long signing and verification reuse one read of the key store. */
    static final Duration KEY_SNAPSHOT_TTL = Duration.ofSeconds(1);

    /** How long a snapshot still serves while the key store is unreachable. */
    static final Duration KEY_SNAPSHOT_GRACE = Duration.ofMinutes(5);

    /** The keys as last read from the store, and when (by the lifecycle's clock). */
    private record KeySnapshot(List<StoredKey> keys, Instant readAt) {}

    private volatile KeySnapshot snapshot;

    /**
     * Creates an authority.
     *
     * @param lifecycle the keys' lifecycle
     * @param algorithms the algorithms rotation renews keys for
     * @param logger where rotations are logged
     */
    public JwtAuthority(KeyLifecycle lifecycle, Set<SigningAlgorithm> algorithms, Logger logger) {
        this.lifecycle = lifecycle;
        this.algorithms = Set.copyOf(algorithms);
        this.logger = logger;
        NativeCrypto.installIfAvailable();
    }

    /** The lifecycle. */
    public KeyLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Signs claims.
     *
     * @param algorithm the algorithm
     * @param type the {@code typ} header, such as {@code at+jwt}
     * @param claims the claims
     * @return the token and its key id
     */
    public SignedJwt sign(SigningAlgorithm algorithm, String type, JWTClaimsSet claims) {
        StoredKey key = signingKey(algorithm, verifiableUntil(claims));
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
     * Until when a token must verify: its {@code exp} (or now + the maximum token lifetime, whichever is
     * later) plus the clock skew verifiers allow.
     */
    private Instant verifiableUntil(JWTClaimsSet claims) {
        Instant now = lifecycle.clock().instant();
        Instant until = now.plus(lifecycle.maxTokenLifetime());
        if (claims.getExpirationTime() != null
                && claims.getExpirationTime().toInstant().isAfter(until)) {
            until = claims.getExpirationTime().toInstant();
        }
        until = until.plusSeconds(CLOCK_SKEW_SECONDS);
        if (until.isAfter(now.plus(lifecycle.publicKeyExpiry()))) {
            throw new IllegalArgumentException(
                    "The token's exp is beyond the public key expiry: no key could verify it" + " until it expires");
        }
        return until;
    }

    /** The key that signs now: the newest active key still published when the token stops verifying. */
    private StoredKey signingKey(SigningAlgorithm algorithm, Instant mustOutlive) {
        Instant now = lifecycle.clock().instant();
        Optional<StoredKey> active = keys(now, false).stream()
                .filter(k -> k.algorithm().equals(algorithm.jws().getName()))
                .filter(k -> !k.activatesAt().isAfter(now) && k.expiresAt().isAfter(mustOutlive))
                .max(Comparator.comparing(StoredKey::activatesAt).thenComparing(StoredKey::createdAt));
        if (active.isPresent()) {
            return active.get();
        }
        logger.info(
                "No {} key can sign a token that must verify until {}: generating one that signs at once",
                algorithm,
                mustOutlive);
        return storeNewKey(algorithm, now, now);
    }

    private StoredKey storeNewKey(SigningAlgorithm algorithm, Instant now, Instant activatesAt) {
        JWK key;
        try {
            key = withThumbprintKid(algorithm.generate(null));
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("Key generation for " + algorithm + " failed", e);
        }
        StoredKey stored = new StoredKey(
                key.getKeyID(),
                algorithm.jws().getName(),
                key.toJSONString(),
                key.toPublicJWK().toJSONString(),
                now,
                activatesAt,
                now.plus(lifecycle.publicKeyExpiry()));
        lifecycle.store().storeKeyPair(stored);
        KeySnapshot current = snapshot;
        if (current != null) {
            List<StoredKey> keys = new ArrayList<>(current.keys());
            keys.add(stored);
            snapshot = new KeySnapshot(List.copyOf(keys), current.readAt());
        }
        return stored;
    }

    /**
     * The unexpired keys, from a snapshot of the store at most {@link #KEY_SNAPSHOT_TTL} old: signing and
     * verifying a token then costs no store read. When the store is unreachable, a snapshot up to {@link
     * #KEY_SNAPSHOT_GRACE} old still serves, so tokens keep being issued and verified during a short
     * outage; every key in it is re-checked against {@code now}, so none signs or verifies past its
     * expiry.
     */
    private List<StoredKey> keys(Instant now, boolean fresh) {
        KeySnapshot current = snapshot;
        if (fresh
                || current == null
                || !now.isBefore(current.readAt().plus(KEY_SNAPSHOT_TTL))
                || now.isBefore(current.readAt())) {
            try {
                current = new KeySnapshot(List.copyOf(lifecycle.store().getKeys(now)), now);
                snapshot = current;
            } catch (StoreUnavailableException e) {
                if (current == null || !now.isBefore(current.readAt().plus(KEY_SNAPSHOT_GRACE))) {
                    throw e;
                }
                logger.debug("Key store unreachable; signing and verifying with the keys read at {}", current.readAt());
            }
        }
        return current.keys().stream().filter(k -> k.expiresAt().isAfter(now)).toList();
    }

    private static Optional<StoredKey> find(List<StoredKey> keys, String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** The key with its RFC 7638 SHA-256 thumbprint as {@code kid}: unique, and derivable by anyone. */
    static JWK withThumbprintKid(JWK key) throws JOSEException, ParseException {
        Map<String, Object> json = new LinkedHashMap<>(key.toJSONObject());
        json.put("kid", key.computeThumbprint().toString());
        return JWK.parse(json);
    }

    private JWSSigner signer(StoredKey key, SigningAlgorithm algorithm) throws JOSEException {
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

    /**
     * Verifies a token this authority signed.
     *
     * @param token the compact JWT
     * @param rules what the token must satisfy
     * @return its claims, or why it was refused
     */
    public JwtVerification verify(String token, VerificationRules rules) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            return new JwtVerification.Rejected("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (rules.algorithms().stream().noneMatch(a -> a.jws().equals(alg))) {
            return new JwtVerification.Rejected("algorithm " + alg + " not allowed");
        }
        if (!typeMatches(header.getType(), rules.type())) {
            return new JwtVerification.Rejected("typ " + header.getType() + " is not " + rules.type());
        }
        if (header.getKeyID() == null) {
            return new JwtVerification.Rejected("no kid");
        }
        Instant now = lifecycle.clock().instant();
        Optional<StoredKey> key = find(keys(now, false), header.getKeyID());
        if (key.isEmpty()) {
            // a key another node created a moment ago (one that signs at once) is not in the snapshot yet
            key = find(keys(now, true), header.getKeyID());
        }
        if (key.isEmpty() || !key.get().algorithm().equals(alg.getName())) {
            return new JwtVerification.Rejected("unknown kid " + header.getKeyID());
        }
        try {
            if (!jwt.verify(verifier(key.get(), alg))) {
                return new JwtVerification.Rejected("bad signature");
            }
            return checkClaims(jwt.getJWTClaimsSet(), rules, now);
        } catch (JOSEException | ParseException e) {
            return new JwtVerification.Rejected("unverifiable: " + e.getClass().getSimpleName());
        }
    }

    private JWSVerifier verifier(StoredKey key, JWSAlgorithm alg) throws JOSEException, ParseException {
        JWSVerifier cached = verifiers.get(key.kid());
        if (cached != null) {
            return cached;
        }
        JWSVerifier verifier = SigningAlgorithm.verifierFor(alg, JWK.parse(key.publicJwk()));
        verifiers.put(key.kid(), verifier);
        return verifier;
    }

    static boolean typeMatches(JOSEObjectType actual, String expected) {
        if (actual == null) {
            return false;
        }
        String type = actual.getType().toLowerCase(Locale.ROOT);
        String wanted = expected.toLowerCase(Locale.ROOT);
        return type.equals(wanted) || type.equals("application/" + wanted);
    }

    private static JwtVerification checkClaims(JWTClaimsSet claims, VerificationRules rules, Instant now) {
        if (!rules.issuer().equals(claims.getIssuer())) {
            return new JwtVerification.Rejected("issuer " + claims.getIssuer());
        }
        if (claims.getExpirationTime() == null) {
            return new JwtVerification.Rejected("no exp");
        }
        Instant skewedNow = now.minusSeconds(CLOCK_SKEW_SECONDS);
        if (!claims.getExpirationTime().toInstant().isAfter(skewedNow)) {
            return new JwtVerification.Rejected("expired");
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
            return new JwtVerification.Rejected("not yet valid");
        }
        if (claims.getIssueTime() != null
                && claims.getIssueTime().toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
            return new JwtVerification.Rejected("issued in the future");
        }
        if (!rules.audiences().isEmpty()
                && (claims.getAudience() == null
                        || claims.getAudience().stream().noneMatch(rules.audiences()::contains))) {
            return new JwtVerification.Rejected("audience " + claims.getAudience());
        }
        return new JwtVerification.Verified(claims.toJSONObject());
    }

    /**
     * The published public keys as a JWK Set, newest first, public members only.
     *
     * @return the {@code {"keys": [...]}} document
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
     */
    public Map<String, Object> jwks() {
        return JwkSet.document(lifecycle.store().getKeys(lifecycle.clock().instant()));
    }

    /**
     * Rotates the keys if rotation is configured and the interval has passed since the last rotation (by
     * any node sharing the timestamp store): a new key per algorithm, published at once, signing after
     * the activation delay.
     *
     * @return whether this call rotated
     */
    public boolean checkAndRotateKeys() {
        if (lifecycle.rotationInterval().isEmpty()) {
            return false;
        }
        Instant now = lifecycle.clock().instant();
        if (!lifecycle
                .rotationTimestamps()
                .orElseThrow()
                .claimRotation(now, lifecycle.rotationInterval().get())) {
            logger.debug(
                    "Keys were rotated less than {} ago",
                    lifecycle.rotationInterval().get());
            return false;
        }
        rotate(now);
        return true;
    }

    /** Generates a new key per algorithm now, whatever the schedule, as the original's generateKeyPair. */
    public void generateKeyPair() {
        rotate(lifecycle.clock().instant());
    }

    private void rotate(Instant now) {
        List<StoredKey> existing = lifecycle.store().getKeys(now);
        for (SigningAlgorithm algorithm : algorithms) {
            boolean hasActive = existing.stream()
                    .anyMatch(k -> k.algorithm().equals(algorithm.jws().getName())
                            && !k.activatesAt().isAfter(now));
            Instant activatesAt = hasActive ? now.plus(lifecycle.activationDelay()) : now;
            StoredKey key = storeNewKey(algorithm, now, activatesAt);
            logger.info("Rotated {} keys: new key {} signs from {}", algorithm, key.kid(), activatesAt);
        }
    }
}

package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.keys.StoredKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the JWTs a design signed, with the keys of its {@link KeyRing}: an allowed
 * {@link SigningAlgorithm} (asymmetric, so never {@code none} or HMAC), the required {@code typ}, a known
 * {@code kid} of that algorithm, the signature, then {@code iss}, {@code exp} (required), {@code nbf} and {@code iat} with
 * {@link #CLOCK_SKEW_SECONDS} of skew, and {@code aud} when the {@link VerificationRules} name audiences.
 * Verification only reads keys and never creates one.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7519#section-7.2">RFC 7519 section 7.2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8725#section-3.1">RFC 8725 section 3.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-4">RFC 9068 section 4</a>
 */
public final class JwtVerifier {

    /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
    public static final long CLOCK_SKEW_SECONDS = KeyLifecycle.CLOCK_SKEW_SECONDS;

    private final KeyRing keys;
    private final Map<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();
    private volatile int cryptoGeneration = NativeCrypto.generation();

    /**
     * Creates a verifier.
     *
     * @param keys the keys it verifies with
     */
    public JwtVerifier(KeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Verifies a token signed with the ring's keys.
     *
     * @param token the compact JWT
     * @param rules what the token must satisfy
     * @return its claims, or why it was refused
     */
    public JwtVerification verify(String token, VerificationRules rules) {
        return verify(token, rules, Duration.ZERO);
    }

    /**
     * Verifies a token as {@link #verify(String, VerificationRules)} does, except that it may have expired up
     * to {@code expiredFor} ago: for an {@code id_token_hint}, which names a past sign-in and is accepted
     * after its {@code exp} (OpenID Connect RP-Initiated Logout 1.0 section 2). Its key must still be
     * published, and it must still be of this issuer, type and algorithm.
     *
     * @param token the compact JWT
     * @param rules what the token must satisfy
     * @param expiredFor how long after its {@code exp} it is still accepted
     * @return its claims, or why it was refused
     * @see <a href="https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout">OpenID Connect
     *     RP-Initiated Logout 1.0 section 2</a>
     */
    public JwtVerification verifyExpiredUpTo(String token, VerificationRules rules, Duration expiredFor) {
        if (expiredFor == null || expiredFor.isNegative()) {
            throw new IllegalArgumentException("expiredFor is zero or positive");
        }
        return verify(token, rules, expiredFor);
    }

    private JwtVerification verify(String token, VerificationRules rules, Duration expiredFor) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            return new JwtVerification.Rejected("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        Optional<JwtVerification> refused = checkHeader(header, rules);
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant now = keys.lifecycle().clock().instant();
        Optional<StoredKey> key = keys.verificationKey(header.getKeyID(), now);
        JWSAlgorithm alg = header.getAlgorithm();
        if (key.isEmpty() || !key.get().algorithm().equals(alg.getName())) {
            return new JwtVerification.Rejected("unknown kid " + header.getKeyID());
        }
        try {
            if (!jwt.verify(verifier(key.get(), alg))) {
                return new JwtVerification.Rejected("bad signature");
            }
            return checkClaims(jwt.getJWTClaimsSet(), rules, now, expiredFor);
        } catch (JOSEException | ParseException e) {
            return new JwtVerification.Rejected("unverifiable: " + e.getClass().getSimpleName());
        }
    }

    /** The header checks that need no key: algorithm allow-list, {@code typ}, a {@code kid}. */
    private static Optional<JwtVerification> checkHeader(JWSHeader header, VerificationRules rules) {
        JWSAlgorithm alg = header.getAlgorithm();
        if (rules.algorithms().stream().noneMatch(a -> a.jws().equals(alg))) {
            return Optional.of(new JwtVerification.Rejected("algorithm " + alg + " not allowed"));
        }
        if (!typeMatches(header.getType(), rules.type())) {
            return Optional.of(new JwtVerification.Rejected("typ " + header.getType() + " is not " + rules.type()));
        }
        if (header.getKeyID() == null) {
            return Optional.of(new JwtVerification.Rejected("no kid"));
        }
        return Optional.empty();
    }

    private JWSVerifier verifier(StoredKey key, JWSAlgorithm alg) throws JOSEException, ParseException {
        int generation = NativeCrypto.generation();
        if (generation != cryptoGeneration) {
            // a provider was installed since these verifiers were made (NativeCrypto.installInBackground)
            verifiers.clear();
            cryptoGeneration = generation;
        }
        JWSVerifier cached = verifiers.get(key.kid());
        if (cached != null) {
            return cached;
        }
        JWSVerifier verifier = SigningAlgorithm.verifierFor(alg, JWK.parse(key.publicJwk()));
        verifiers.put(key.kid(), verifier);
        return verifier;
    }

    /**
     * Whether a JWT's {@code typ} is the expected one: compared case-insensitively, with or without the
     * {@code application/} prefix.
     *
     * @param actual the header's {@code typ}, or {@code null}
     * @param expected such as {@code at+jwt}
     * @return whether it matches
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8725#section-3.11">RFC 8725 section 3.11</a>
     */
    public static boolean typeMatches(JOSEObjectType actual, String expected) {
        if (actual == null) {
            return false;
        }
        String type = actual.getType().toLowerCase(Locale.ROOT);
        String wanted = expected.toLowerCase(Locale.ROOT);
        return type.equals(wanted) || type.equals("application/" + wanted);
    }

    private static JwtVerification checkClaims(
            JWTClaimsSet claims, VerificationRules rules, Instant now, Duration expiredFor) {
        if (!rules.issuer().equals(claims.getIssuer())) {
            return new JwtVerification.Rejected("issuer " + claims.getIssuer());
        }
        if (claims.getExpirationTime() == null) {
            return new JwtVerification.Rejected("no exp");
        }
        Instant skewedNow = now.minusSeconds(CLOCK_SKEW_SECONDS).minus(expiredFor);
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
}

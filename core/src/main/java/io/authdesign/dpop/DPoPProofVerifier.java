package io.authdesign.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.KeyStrength;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.replay.ReplayStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks DPoP proofs against a {@link DPoPToken}'s configuration, in two steps.
 *
 * <p>{@link #verify} makes every check that needs no state, in this order: exactly one {@code DPoP}
 * header; a JWS with {@code typ: dpop+jwt}; an algorithm from the allow-list; a public {@code jwk} of the
 * algorithm's key type, an RSA key of 2048 to 8192 bits ({@link KeyStrength}); the signature with that
 * key; a {@code jti} of at most {@value ReplayStore#MAX_VALUE_LENGTH} characters; {@code htm} is the request method;
 * {@code htu} is the endpoint's public URL (built by the caller from the issuer, never from {@code Host} or
 * {@code X-Forwarded-*}), query and fragment ignored; {@code iat} no older than the TTL and at most 60 s
 * ahead; {@code ath} at resources; the server nonce when required. {@link #record} then stores the
 * {@code jti} in the replay store, keyed by the key's thumbprint, so that a proof is accepted once on any
 * node sharing the store. A caller that has more checks to make (client authentication) makes them
 * between the two, so that a request refused anyway leaves no replay entry; {@link #check} does both.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-4.3">RFC 9449 section 4.3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-11.1">RFC 9449 section 11.1</a>
 */
public final class DPoPProofVerifier {

    /** Future {@code iat} tolerated. */
    static final Duration FUTURE_SKEW = Duration.ofSeconds(60);

    private static final JOSEObjectType TYPE = new JOSEObjectType("dpop+jwt");

    private final DPoPToken configuration;

    /** A verifier reading the token type's current configuration; see {@link DPoPToken#verifier()}. */
    DPoPProofVerifier(DPoPToken configuration) {
        this.configuration = configuration;
    }

    /** A proof as parsed from its header: the JWS and its claims. */
    private record Parsed(SignedJWT jwt, JWTClaimsSet claims) {}

    /**
     * Both steps: {@link #verify}, then {@link #record} when the proof passed.
     *
     * @param request the request
     * @param htm the expected method
     * @param htu the expected URL
     * @param accessToken the access token, for {@code ath}; empty at the token endpoint
     * @return the outcome
     */
    public DPoPResult check(HttpRequest request, String htm, String htu, Optional<String> accessToken) {
        return switch (verify(request, htm, htu, accessToken)) {
            case DPoPVerification.Verified proof -> record(proof);
            case DPoPVerification.Accepted accepted -> new DPoPResult.Valid(accepted.jkt());
            case DPoPVerification.Refused refused -> refused.result();
        };
    }

    /**
     * The stateless checks: parse, header, key, signature, claims, nonce. Nothing is stored.
     *
     * @param request the request
     * @param htm the expected method
     * @param htu the expected URL
     * @param accessToken the access token, for {@code ath}; empty at the token endpoint
     * @return the proof's key thumbprint and {@code jti}, or the refusal
     */
    public DPoPVerification verify(HttpRequest request, String htm, String htu, Optional<String> accessToken) {
        List<String> headers = request.headers("DPoP");
        if (headers.size() != 1 || headers.get(0).isBlank()) {
            return refused(
                    headers.isEmpty() ? "The request has no DPoP proof" : "The request must have one DPoP proof");
        }
        Optional<Parsed> parsed = parse(headers.get(0).strip());
        if (parsed.isEmpty()) {
            return refused("The DPoP proof is not a signed JWT");
        }
        SignedJWT proof = parsed.get().jwt();
        JWTClaimsSet claims = parsed.get().claims();
        Instant now = configuration.clock().instant();
        Optional<String> error = checkHeader(proof.getHeader())
                .or(() -> checkSignature(proof))
                .or(() -> checkClaims(claims, htm, htu, accessToken, now));
        if (error.isPresent()) {
            return refused(error.get());
        }
        // RFC 9449 section 4.3 step 10 and section 8: without the current server nonce, retry with it
        Optional<String> useNonce = configuration
                .nonces()
                .filter(nonces -> !(claims.getClaim("nonce") instanceof String nonce && nonces.isValid(nonce, now)))
                .map(nonces -> nonces.current(now));
        if (useNonce.isPresent()) {
            return new DPoPVerification.Refused(new DPoPResult.UseNonce(useNonce.get()));
        }
        try {
            String jkt = proof.getHeader().getJWK().computeThumbprint().toString();
            return new DPoPVerification.Verified(jkt, claims.getJWTID());
        } catch (JOSEException e) {
            return refused("The DPoP proof key has no thumbprint");
        }
    }

    /**
     * The stateful last step: records the proof's {@code jti} in the replay store, keyed by its key's
     * thumbprint.
     *
     * @param proof a proof that passed {@link #verify}
     * @return {@link DPoPResult.Valid}, or {@link DPoPResult.Invalid} when the proof was already used
     */
    public DPoPResult record(DPoPVerification.Verified proof) {
        // Remembered past the last instant the iat is accepted (iat + TTL, inclusive, with iat up to 60 s
        // ahead of now): an entry expiring exactly then would let the proof be replayed at that instant.
        Duration remembered = configuration.ttl().plus(FUTURE_SKEW).plusSeconds(1);
        if (!configuration.replayStore().add("dpop:" + proof.jkt() + ":" + proof.jti(), remembered)) {
            return new DPoPResult.Invalid("The DPoP proof was already used");
        }
        return new DPoPResult.Valid(proof.jkt());
    }

    private static Optional<Parsed> parse(String header) {
        try {
            SignedJWT jwt = SignedJWT.parse(header);
            return Optional.of(new Parsed(jwt, jwt.getJWTClaimsSet()));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * RFC 9449 section 4.3 steps 4, 5 and 7: {@code typ}, an allowed algorithm, a public key that fits it,
     * of a size RFC 7518 section 3.3 accepts ({@link KeyStrength}).
     */
    private Optional<String> checkHeader(JWSHeader header) {
        if (!TYPE.equals(header.getType())) {
            return Optional.of("The DPoP proof must have typ dpop+jwt");
        }
        JWSAlgorithm alg = header.getAlgorithm();
        if (!configuration.allowedAlgorithms().contains(alg)) {
            return Optional.of("The DPoP proof algorithm is not allowed");
        }
        JWK jwk = header.getJWK();
        if (jwk == null || jwk.isPrivate() || !fits(jwk, alg)) {
            return Optional.of("The DPoP proof must carry the public key of its algorithm in jwk");
        }
        if (!KeyStrength.isAcceptable(jwk)) {
            return Optional.of("The DPoP proof key size is not accepted (RSA: 2048 to 8192 bits)");
        }
        return Optional.empty();
    }

    /** RFC 9449 section 4.3 step 6: the signature verifies with the header's {@code jwk}. */
    private static Optional<String> checkSignature(SignedJWT proof) {
        try {
            if (proof.verify(verifier(proof.getHeader().getJWK()))) {
                return Optional.empty();
            }
        } catch (JOSEException e) {
            // refused below, like a signature that does not verify
        }
        return Optional.of("The DPoP proof signature is invalid");
    }

    /** RFC 9449 section 4.3 steps 3, 8, 9, 11 and 12: {@code jti}, {@code htm}, {@code htu}, {@code iat}, {@code ath}. */
    private Optional<String> checkClaims(
            JWTClaimsSet claims, String htm, String htu, Optional<String> accessToken, Instant now) {
        if (claims.getJWTID() == null || claims.getJWTID().isEmpty()) {
            return Optional.of("The DPoP proof has no jti");
        }
        if (claims.getJWTID().length() > ReplayStore.MAX_VALUE_LENGTH) {
            return Optional.of("The DPoP proof jti is too long");
        }
        if (!htm.equals(claims.getClaim("htm"))) {
            return Optional.of("The DPoP proof htm does not match the request");
        }
        if (!(claims.getClaim("htu") instanceof String proofHtu) || !sameUrl(proofHtu, htu)) {
            return Optional.of("The DPoP proof htu does not match the request");
        }
        if (claims.getIssueTime() == null
                || claims.getIssueTime().toInstant().isBefore(now.minus(configuration.ttl()))
                || claims.getIssueTime().toInstant().isAfter(now.plus(FUTURE_SKEW))) {
            return Optional.of("The DPoP proof iat is missing or out of range");
        }
        if (accessToken.isPresent() && !athMatches(claims.getClaim("ath"), accessToken.get())) {
            return Optional.of("The DPoP proof ath does not match the access token");
        }
        return Optional.empty();
    }

    private static boolean athMatches(Object ath, String accessToken) {
        return ath instanceof String value
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII),
                        accessTokenHash(accessToken).getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 9449 section 4.3 step 9: the URL without query and fragment, scheme and host case-insensitive. */
    static boolean sameUrl(String proofHtu, String expected) {
        try {
            return normalise(new URI(proofHtu)).equals(normalise(new URI(expected)));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String normalise(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                + path;
    }

    /**
     * The {@code ath} of an access token: base64url SHA-256 of its ASCII bytes.
     *
     * @param accessToken the access token
     * @return the hash
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-4.2">RFC 9449 section 4.2</a>
     */
    public static String accessTokenHash(String accessToken) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static boolean fits(JWK jwk, JWSAlgorithm alg) {
        KeyType type = jwk.getKeyType();
        return (JWSAlgorithm.Family.EC.contains(alg) && KeyType.EC.equals(type))
                || (JWSAlgorithm.Family.RSA.contains(alg) && KeyType.RSA.equals(type))
                || (JWSAlgorithm.EdDSA.equals(alg) && KeyType.OKP.equals(type));
    }

    private static JWSVerifier verifier(JWK jwk) throws JOSEException {
        if (jwk instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        }
        if (jwk instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        return PublicKeys.ed25519Verifier((OctetKeyPair) jwk);
    }

    private static DPoPVerification refused(String description) {
        return new DPoPVerification.Refused(new DPoPResult.Invalid(description));
    }
}

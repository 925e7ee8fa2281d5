package io.authdesign.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
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
import io.authdesign.TokenType;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * DPoP sender-constrained tokens: the client proves possession of a key with a signed proof on every
 * token request and every resource request, and the access token is bound to that key's thumbprint
 * ({@code cnf.jkt}). Set on a flow with {@code setTokenType(new DPoPToken())}.
 *
 * <p>A proof is checked in this order: exactly one {@code DPoP} header; a JWS with {@code typ: dpop+jwt};
 * an algorithm from the allow-list (ES256 by default); a public {@code jwk} of the algorithm's key type;
 * the signature; {@code htm} is the request method; {@code htu} is the endpoint's public URL (built from
 * the issuer, never from {@code Host} or {@code X-Forwarded-*}), query and fragment ignored; {@code iat}
 * no older than {@link #setTTL(long)} and at most 60 s ahead; the server nonce when required; {@code ath}
 * at resources; then the {@code jti} is recorded in the replay store, keyed by the key's thumbprint, so a
 * proof is accepted once on any node that shares the store.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449">RFC 9449</a>
 */
public final class DPoPToken implements TokenType {

    /** The {@code token_type} and Authorization scheme. */
    public static final String PREFIX = "DPoP";

    /** Future {@code iat} tolerated. */
    static final Duration FUTURE_SKEW = Duration.ofSeconds(60);

    private static final Set<JWSAlgorithm> SUPPORTED = Set.of(
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.EdDSA);

    /** A replaceable proof check (the original's {@code validateTokenRequest} and {@code validate}). */
    @FunctionalInterface
    public interface ProofValidator {
        /**
         * Checks the proof of a request.
         *
         * @param request the request
         * @param proof what the proof must match: method, URL, access token, and the default check
         * @return the outcome
         * @throws Exception on failure: the request is refused
         */
        DPoPResult validate(HttpRequest request, ProofContext proof) throws Exception;
    }

    /**
     * What a proof must match.
     *
     * @param htm the expected {@code htm}
     * @param htu the expected {@code htu}
     * @param accessToken the access token for {@code ath}, empty at the token endpoint
     * @param ttl the {@code iat} window in seconds
     * @param token the token type, whose {@link DPoPToken#check} is the default check
     */
    public record ProofContext(String htm, String htu, Optional<String> accessToken, long ttl, DPoPToken token) {
        /** Runs the default check. */
        public DPoPResult defaultCheck(HttpRequest request) {
            return token.check(request, htm, htu, accessToken);
        }
    }

    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(List.of(JWSAlgorithm.ES256));
    private Duration ttl = Duration.ofSeconds(300);
    private ReplayStore replays = new InMemoryReplayStore();
    private boolean required = true;
    private DPoPNonces nonces;
    private Clock clock = Clock.systemUTC();
    private ProofValidator tokenRequestValidator;
    private ProofValidator resourceValidator;

    /** Creates the token type: proofs required, ES256, a 300 s {@code iat} window, in-memory replay store. */
    public DPoPToken() {}

    @Override
    public String prefix() {
        return PREFIX;
    }

    /** Sets how old a proof's {@code iat} may be, in seconds; 300 by default. */
    public DPoPToken setTTL(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("The DPoP proof TTL must be positive");
        }
        this.ttl = Duration.ofSeconds(seconds);
        return this;
    }

    /** Sets the store that makes each proof single-use; share one between nodes. */
    public DPoPToken setReplayDetector(ReplayStore store) {
        this.replays = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Allows another proof algorithm: ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512 or EdDSA. */
    public DPoPToken addAlgorithm(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        if (!SUPPORTED.contains(alg)) {
            throw new IllegalArgumentException("DPoP proofs cannot use " + algorithm);
        }
        algorithms.add(alg);
        return this;
    }

    /**
     * Whether every token request must carry a proof (true by default). When false, a request without
     * one gets a Bearer token and resources accept both.
     */
    public DPoPToken setRequired(boolean isRequired) {
        this.required = isRequired;
        return this;
    }

    /**
     * Requires server nonces (RFC 9449 section 8) derived from a secret that every node shares.
     *
     * @param secret at least 32 bytes
     * @param step how long a nonce is current
     * @return this token type
     */
    public DPoPToken requireNonce(byte[] secret, Duration step) {
        this.nonces = new DPoPNonces(secret, step);
        return this;
    }

    /** Sets the clock (tests). */
    public DPoPToken setClock(Clock value) {
        this.clock = Objects.requireNonNull(value, "value");
        return this;
    }

    /** Replaces the proof check at the token endpoint. */
    public DPoPToken validateTokenRequest(ProofValidator validator) {
        this.tokenRequestValidator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /** Replaces the proof check at protected resources. */
    public DPoPToken validate(ProofValidator validator) {
        this.resourceValidator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /** Whether proofs are required. */
    public boolean isRequired() {
        return required;
    }

    /** The allowed proof algorithms' names, for {@code dpop_signing_alg_values_supported}. */
    public List<String> algorithms() {
        return algorithms.stream().map(JWSAlgorithm::getName).toList();
    }

    /** The current server nonce, when nonces are required. */
    public Optional<String> currentNonce() {
        return Optional.ofNullable(nonces).map(n -> n.current(clock.instant()));
    }

    /** Checks a token request's proof (the override when set). */
    public DPoPResult checkTokenRequest(HttpRequest request, String htu) throws Exception {
        ProofContext context = new ProofContext("POST", htu, Optional.empty(), ttl.toSeconds(), this);
        return tokenRequestValidator == null
                ? context.defaultCheck(request)
                : tokenRequestValidator.validate(request, context);
    }

    /** Checks a resource request's proof (the override when set). */
    public DPoPResult checkResourceRequest(HttpRequest request, String htu, String accessToken) throws Exception {
        ProofContext context = new ProofContext(request.method(), htu, Optional.of(accessToken), ttl.toSeconds(), this);
        return resourceValidator == null ? context.defaultCheck(request) : resourceValidator.validate(request, context);
    }

    /**
     * The default proof check.
     *
     * @param request the request
     * @param htm the expected method
     * @param htu the expected URL
     * @param accessToken the access token, for {@code ath}
     * @return the outcome
     */
    public DPoPResult check(HttpRequest request, String htm, String htu, Optional<String> accessToken) {
        List<String> headers = request.headers("DPoP");
        if (headers.size() != 1 || headers.get(0).isBlank()) {
            return invalid(
                    headers.isEmpty() ? "The request has no DPoP proof" : "The request must have one DPoP proof");
        }
        SignedJWT proof;
        JWTClaimsSet claims;
        try {
            proof = SignedJWT.parse(headers.get(0).strip());
            claims = proof.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return invalid("The DPoP proof is not a signed JWT");
        }
        if (!new JOSEObjectType("dpop+jwt").equals(proof.getHeader().getType())) {
            return invalid("The DPoP proof must have typ dpop+jwt");
        }
        JWSAlgorithm alg = proof.getHeader().getAlgorithm();
        if (!algorithms.contains(alg)) {
            return invalid("The DPoP proof algorithm is not allowed");
        }
        JWK jwk = proof.getHeader().getJWK();
        if (jwk == null || jwk.isPrivate() || !fits(jwk, alg)) {
            return invalid("The DPoP proof must carry the public key of its algorithm in jwk");
        }
        try {
            if (!proof.verify(verifier(jwk))) {
                return invalid("The DPoP proof signature is invalid");
            }
        } catch (JOSEException e) {
            return invalid("The DPoP proof signature is invalid");
        }
        Optional<String> claimError = checkClaims(claims, htm, htu, accessToken);
        if (claimError.isPresent()) {
            return invalid(claimError.get());
        }
        Instant now = clock.instant();
        if (nonces != null) {
            Object nonce = claims.getClaim("nonce");
            if (!(nonce instanceof String value) || !nonces.isValid(value, now)) {
                return new DPoPResult.UseNonce(nonces.current(now));
            }
        }
        String jkt;
        try {
            jkt = jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            return invalid("The DPoP proof key has no thumbprint");
        }
        // Remembered past the last instant the iat is accepted (iat + TTL, inclusive, with iat up to 60 s
        // ahead of now): an entry expiring exactly then would let the proof be replayed at that instant.
        if (!replays.add(
                "dpop:" + jkt + ":" + claims.getJWTID(), ttl.plus(FUTURE_SKEW).plusSeconds(1))) {
            return invalid("The DPoP proof was already used");
        }
        return new DPoPResult.Valid(jkt);
    }

    private Optional<String> checkClaims(JWTClaimsSet claims, String htm, String htu, Optional<String> accessToken) {
        if (claims.getJWTID() == null || claims.getJWTID().isEmpty()) {
            return Optional.of("The DPoP proof has no jti");
        }
        if (!htm.equals(claims.getClaim("htm"))) {
            return Optional.of("The DPoP proof htm does not match the request");
        }
        if (!(claims.getClaim("htu") instanceof String proofHtu) || !sameUrl(proofHtu, htu)) {
            return Optional.of("The DPoP proof htu does not match the request");
        }
        Instant now = clock.instant();
        if (claims.getIssueTime() == null
                || claims.getIssueTime().toInstant().isBefore(now.minus(ttl))
                || claims.getIssueTime().toInstant().isAfter(now.plus(FUTURE_SKEW))) {
            return Optional.of("The DPoP proof iat is missing or out of range");
        }
        if (accessToken.isPresent()) {
            Object ath = claims.getClaim("ath");
            if (!(ath instanceof String value)
                    || !MessageDigest.isEqual(
                            value.getBytes(StandardCharsets.US_ASCII),
                            accessTokenHash(accessToken.get()).getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of("The DPoP proof ath does not match the access token");
            }
        }
        return Optional.empty();
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

    /** The {@code ath}: base64url SHA-256 of the access token (RFC 9449 section 4.2). */
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

    private static DPoPResult invalid(String description) {
        return new DPoPResult.Invalid(description);
    }

    @Override
    public String toString() {
        return PREFIX;
    }
}

package io.authdesign.dpop;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import io.authdesign.TokenType;
import io.authdesign.http.HttpRequest;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * DPoP sender-constrained tokens: the client proves possession of a key with a signed proof on every
 * token request and every resource request, and the access token is bound to that key's thumbprint
 * ({@code cnf.jkt}). Set on a flow with {@code setTokenType(new DPoPToken())}.
 *
 * <p>This is the token type's configuration: whether proofs are required, the proof algorithms (ES256 by
 * default), the {@code iat} window ({@link #setTTL(long)}), server nonces, the replay store, and proof
 * checks that replace the default one. Its {@link #verifier()} checks proofs as RFC 9449 section 4.3
 * lists.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-5">RFC 9449 section 5</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-7">RFC 9449 section 7</a>
 */
public final class DPoPToken implements TokenType {

    /** The {@code token_type} and Authorization scheme. */
    public static final String PREFIX = "DPoP";

    /**
     * The proof algorithms the FAPI 2.0 Security Profile allows (section 5.4.1): PS256, ES256 and EdDSA.
     *
     * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.4.1">FAPI 2.0
     *     Security Profile section 5.4.1</a>
     */
    public static final List<String> FAPI2_ALGORITHMS = List.of("PS256", "ES256", "EdDSA");

    /**
     * The access token claim ({@code true}) of a token issued under the FAPI 2.0 Security Profile: the ready
     * flows set it for a client whose {@code ClientSettings.fapi2()} is on, or for every client under the
     * server-wide profile, and every protected resource of the library then accepts only proofs signed with
     * one of {@link #FAPI2_ALGORITHMS} for that token ({@code invalid_dpop_proof} otherwise, RFC 9449 section
     * 7.1), whatever its own token type allows.
     */
    public static final String FAPI2_CLAIM = "fapi2";

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

    private final DPoPProofVerifier verifier = new DPoPProofVerifier(this);
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

    /**
     * The {@code alg} of a request's DPoP proof as its header states it, read without verifying the proof: for
     * a rule on the algorithm beyond this token type's allow-list (such as {@link #FAPI2_ALGORITHMS}), applied
     * to a proof verified before or after. Empty without exactly one {@code DPoP} header or when its JWS header
     * cannot be read.
     *
     * @param request the request
     * @return the algorithm's name
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-4.2">RFC 9449 section 4.2</a>
     */
    public static Optional<String> proofAlgorithm(HttpRequest request) {
        List<String> proofs = request.headers("DPoP");
        if (proofs.size() != 1) {
            return Optional.empty();
        }
        String proof = proofs.get(0).strip();
        int dot = proof.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(JWSHeader.parse(new Base64URL(proof.substring(0, dot)))
                    .getAlgorithm()
                    .getName());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
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
        return nonces().map(n -> n.current(clock.instant()));
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
     * Checks a token request's proof without storing anything: the default check's stateless steps
     * ({@link DPoPProofVerifier#verify}), or the outcome of the replacing check when one is set. A
     * {@link DPoPVerification.Verified} proof is accepted once {@link #record} stores its {@code jti}, which
     * the token endpoint does only for a client it accepted.
     *
     * @param request the request
     * @param htu the token endpoint's public URL
     * @return the outcome
     * @throws Exception when the replacing check fails
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-11.1">RFC 9449 section 11.1</a>
     */
    public DPoPVerification verifyTokenRequest(HttpRequest request, String htu) throws Exception {
        if (tokenRequestValidator == null) {
            return verifier.verify(request, "POST", htu, Optional.empty());
        }
        return staged(checkTokenRequest(request, htu));
    }

    /**
     * Checks a resource request's proof without storing anything, as {@link #verifyTokenRequest} does; the
     * resource guard records it ({@link #record}) once the access token is accepted.
     *
     * @param request the request
     * @param htu the resource's public URL
     * @param accessToken the access token, for {@code ath}
     * @return the outcome
     * @throws Exception when the replacing check fails
     */
    public DPoPVerification verifyResourceRequest(HttpRequest request, String htu, String accessToken)
            throws Exception {
        if (resourceValidator == null) {
            return verifier.verify(request, request.method(), htu, Optional.of(accessToken));
        }
        return staged(checkResourceRequest(request, htu, accessToken));
    }

    /**
     * Records a proof that passed {@link #verifyTokenRequest} or {@link #verifyResourceRequest}.
     *
     * @param proof the proof
     * @return {@link DPoPResult.Valid}, or {@link DPoPResult.Invalid} when it was already used
     */
    public DPoPResult record(DPoPVerification.Verified proof) {
        return verifier.record(proof);
    }

    private static DPoPVerification staged(DPoPResult result) {
        return switch (result) {
            case DPoPResult.Valid valid -> new DPoPVerification.Accepted(valid.jkt());
            case null -> new DPoPVerification.Refused(new DPoPResult.Invalid("The DPoP proof was not accepted"));
            default -> new DPoPVerification.Refused(result);
        };
    }

    /**
     * The default proof check: {@link DPoPProofVerifier#check}, which verifies the proof, then records
     * its {@code jti}.
     *
     * @param request the request
     * @param htm the expected method
     * @param htu the expected URL
     * @param accessToken the access token, for {@code ath}
     * @return the outcome
     */
    public DPoPResult check(HttpRequest request, String htm, String htu, Optional<String> accessToken) {
        return verifier.check(request, htm, htu, accessToken);
    }

    /** The verifier of this token type's proofs, which reads the configuration as it is when it checks. */
    public DPoPProofVerifier verifier() {
        return verifier;
    }

    Set<JWSAlgorithm> allowedAlgorithms() {
        return algorithms;
    }

    Duration ttl() {
        return ttl;
    }

    ReplayStore replayStore() {
        return replays;
    }

    Optional<DPoPNonces> nonces() {
        return Optional.ofNullable(nonces);
    }

    Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return PREFIX;
    }
}

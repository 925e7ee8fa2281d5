package io.authdesign.resource;

import io.authdesign.TokenType;
import io.authdesign.dpop.DPoPResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.dpop.DPoPVerification;
import io.authdesign.http.HttpRequest;
import io.authdesign.internal.FailureLog;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.JwtVerification;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.token.BearerToken;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flow's resource-route authentication. The access token comes from the Authorization header: the
 * {@code Bearer} scheme (RFC 6750), or with a {@link DPoPToken} flow the {@code DPoP} scheme with a proof
 * whose key the token is bound to (RFC 9449 section 7). The token is verified as a JWT when the flow uses
 * {@code useAccessTokenJwks(true)} (or by another {@link AccessTokenVerifier}), then given to the flow's {@code validate(...)} when it has one. Without
 * a validator a verified JWT authenticates on its own; without either, nothing does. A DPoP-bound token
 * ({@code cnf}) is never accepted as a Bearer token.
 *
 * <p>The steps: one Authorization header; its scheme accepted; a {@code b64token}; the DPoP proof checked
 * once, statelessly; the JWT verified; for a token of the FAPI 2.0 profile ({@link DPoPToken#FAPI2_CLAIM}), a
 * proof signed with PS256, ES256 or EdDSA (FAPI 2.0 Security Profile section 5.4.1); the validator; the proof's
 * {@code jti} recorded (only for a token that authenticated, so a junk token stores nothing: RFC 9449 section
 * 11.1); the scopes.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-2.1">RFC 6750 section 2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-7">RFC 9449 section 7</a>
 */
public final class BearerAuthenticator implements ResourceAuthenticator {

    /** FAPI 2.0 Security Profile section 5.4.1, for a token of the profile ({@link DPoPToken#FAPI2_CLAIM}). */
    private static final DPoPResult.Invalid FAPI2_PROOF_REFUSED =
            new DPoPResult.Invalid("The DPoP proof of this access token must be signed with PS256, ES256 or EdDSA");

    private final TokenType tokenType;
    private final AccessTokenVerifier verifier;
    private final TokenValidator validator;
    private final GrantRevocationStore revocations;
    private final Clock clock;
    private final String origin;
    private final Logger logger;

    private BearerAuthenticator(Builder builder) {
        this.tokenType = Objects.requireNonNull(builder.tokenType, "tokenType");
        this.verifier = builder.verifier != null && builder.cacheVerified
                ? new VerifiedTokenCache(builder.verifier, builder.clock)
                : builder.verifier;
        this.validator = builder.validator;
        this.revocations = builder.revocations;
        this.clock = builder.clock;
        this.origin = origin(Objects.requireNonNull(builder.publicUrl, "publicUrl"));
        this.logger = builder.logger;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The authenticator of several flows, as a {@code MultipleFlows} has: the Authorization header is read
     * once and a DPoP proof checked once (by the first flow with a DPoP token type); then each flow tries
     * the token in order, and the first that authenticates it decides (its scopes checked). When none
     * does, the first flow's refusal is sent; a refused proof is refused by all.
     *
     * @param authenticators the flows' authenticators, in order
     * @return the combined authenticator
     */
    public static ResourceAuthenticator firstOf(List<BearerAuthenticator> authenticators) {
        List<BearerAuthenticator> all = List.copyOf(authenticators);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("At least one authenticator is needed");
        }
        return (request, requiredScopes) -> authenticate(all, request, requiredScopes);
    }

    @Override
    public AuthResult authenticate(HttpRequest request, Set<String> requiredScopes) {
        return authenticate(List.of(this), request, requiredScopes);
    }

    private static AuthResult authenticate(
            List<BearerAuthenticator> flows, HttpRequest request, Set<String> requiredScopes) {
        List<String> headers = request.headers("Authorization");
        if (headers.size() > 1) {
            return ResourceResponses.invalidRequest(
                    flows.get(0).scheme(null), "The request has more than one Authorization header");
        }
        Optional<Presented> presented = headers.stream().findFirst().flatMap(BearerAuthenticator::split);
        ProofCheck proof = new ProofCheck(flows, request, presented);
        AuthResult first = null;
        for (BearerAuthenticator flow : flows) {
            AuthResult result = flow.authenticateToken(request, presented, proof);
            if (proof.refused()) {
                // A proof one flow refused (invalid, replayed, or without the nonce) is refused by all.
                return result;
            }
            if (result instanceof AuthResult.Authenticated authenticated) {
                // RFC 9449 section 11.1: the proof's jti is stored only for a token that authenticated
                Optional<AuthResult> replayed =
                        proof.record(flow.scheme(presented.get().scheme()));
                if (replayed.isPresent()) {
                    return replayed.get();
                }
                return authenticated.credentials().hasScopes(requiredScopes)
                        ? authenticated
                        : ResourceResponses.insufficientScope(
                                flow.scheme(presented.get().scheme()), requiredScopes);
            }
            if (first == null) {
                first = result;
            }
        }
        return first;
    }

    /** The scheme and origin of the issuer: the public base of every resource URL ({@code htu}). */
    private static String origin(String issuer) {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The challenge for a request that used {@code presented}: DPoP for DPoP, else the flow's own. */
    private String scheme(String presented) {
        if (tokenType instanceof DPoPToken dpop
                && (dpop.isRequired() || DPoPToken.PREFIX.equalsIgnoreCase(presented))) {
            return DPoPToken.PREFIX + " algs=\"" + String.join(" ", dpop.algorithms()) + "\"";
        }
        return tokenType instanceof DPoPToken ? BearerToken.PREFIX : tokenType.prefix();
    }

    /** The DPoP challenge for a token of the FAPI 2.0 profile: the algorithms it takes that the flow allows. */
    private String fapi2Scheme() {
        List<String> algorithms = tokenType instanceof DPoPToken dpop
                ? dpop.algorithms().stream()
                        .filter(DPoPToken.FAPI2_ALGORITHMS::contains)
                        .toList()
                : List.of();
        return DPoPToken.PREFIX + " algs=\""
                + String.join(" ", algorithms.isEmpty() ? DPoPToken.FAPI2_ALGORITHMS : algorithms) + "\"";
    }

    /** The challenge of a request without a token: every scheme the flow accepts. */
    private String missingTokenChallenge() {
        if (tokenType instanceof DPoPToken dpop && !dpop.isRequired()) {
            return BearerToken.PREFIX + ", " + scheme(DPoPToken.PREFIX);
        }
        return scheme(null);
    }

    /** This flow's verdict on the token, scopes not yet checked. */
    private AuthResult authenticateToken(HttpRequest request, Optional<Presented> presented, ProofCheck proof) {
        if (presented.isEmpty() || !accepts(presented.get().scheme())) {
            return ResourceResponses.missingToken(missingTokenChallenge());
        }
        String scheme = scheme(presented.get().scheme());
        String token = presented.get().token();
        if (!isB64Token(token)) {
            return ResourceResponses.invalidToken(scheme, "The access token is malformed");
        }
        boolean dpopScheme = presented.get().scheme().equalsIgnoreCase(DPoPToken.PREFIX);
        Optional<String> jkt = Optional.empty();
        if (dpopScheme) {
            switch (proof.result()) {
                case DPoPResult.Invalid invalid -> {
                    return ResourceResponses.invalidProof(scheme, invalid.description());
                }
                case DPoPResult.UseNonce nonce -> {
                    return ResourceResponses.useNonce(scheme, nonce.nonce());
                }
                case DPoPResult.Valid valid -> jkt = Optional.of(valid.jkt());
                case null -> {
                    return proof.failure();
                }
            }
        }
        Optional<Map<String, Object>> claims = Optional.empty();
        if (verifier != null) {
            switch (verifier.verify(token)) {
                case AccessTokenVerification.Verified verified -> claims = Optional.of(verified.claims());
                case AccessTokenVerification.Rejected rejected -> {
                    logger.debug("Access token refused: {}", rejected.reason());
                    return ResourceResponses.invalidToken(scheme, "The access token is invalid or expired");
                }
                case AccessTokenVerification.Unavailable unavailable -> {
                    // the verifier logged the outage once; each request only says so at DEBUG
                    logger.debug("Access token not verifiable now: {}", unavailable.reason());
                    return ResourceResponses.unavailable();
                }
            }
            Optional<String> bound = boundKey(claims.get());
            if (bound.isPresent() != dpopScheme || (dpopScheme && !bound.equals(jkt))) {
                // a bound token sent as Bearer is told to use DPoP when this flow accepts it (RFC 9449 7.2)
                return ResourceResponses.invalidToken(
                        tokenType instanceof DPoPToken ? scheme(DPoPToken.PREFIX) : scheme,
                        dpopScheme
                                ? "The access token is not bound to the DPoP proof's key"
                                : "A DPoP-bound access token must be presented with the DPoP scheme");
            }
            if (isRevoked(claims.get())) {
                logger.debug("Access token refused: its grant is revoked");
                return ResourceResponses.invalidToken(scheme, "The access token is invalid or expired");
            }
            if (dpopScheme
                    && Boolean.TRUE.equals(claims.get().get(DPoPToken.FAPI2_CLAIM))
                    && DPoPToken.proofAlgorithm(request)
                            .filter(DPoPToken.FAPI2_ALGORITHMS::contains)
                            .isEmpty()) {
                // FAPI 2.0 Security Profile section 5.4.1: a token of the profile takes PS256, ES256, EdDSA proofs
                proof.refuse(FAPI2_PROOF_REFUSED);
                return ResourceResponses.invalidProof(fapi2Scheme(), FAPI2_PROOF_REFUSED.description());
            }
        }
        if (validator != null) {
            return validate(request, new ValidationContext(token, claims, jkt), scheme);
        }
        return claims.flatMap(Credentials::fromJwtClaims)
                .<AuthResult>map(AuthResult.Authenticated::new)
                .orElseGet(() -> ResourceResponses.invalidToken(scheme, "The access token is invalid or expired"));
    }

    /** Whether the revocation list names the token's grant (RFC 7009 section 2.1). */
    private boolean isRevoked(Map<String, Object> claims) {
        return revocations != null
                && GrantRevocationStore.keyOf(claims)
                        .filter(key -> revocations.isRevoked(key, clock.instant()))
                        .isPresent();
    }

    /** The {@code cnf.jkt} of a token's claims (RFC 9449 section 6.1). */
    private static Optional<String> boundKey(Map<String, Object> claims) {
        return claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt
                ? Optional.of(jkt)
                : Optional.empty();
    }

    /** Bearer flows accept Bearer; DPoP flows accept DPoP, and Bearer too when proofs are optional. */
    private boolean accepts(String scheme) {
        if (tokenType instanceof DPoPToken dpop) {
            return scheme.equalsIgnoreCase(DPoPToken.PREFIX)
                    || (!dpop.isRequired() && scheme.equalsIgnoreCase(BearerToken.PREFIX));
        }
        return scheme.equalsIgnoreCase(tokenType.prefix());
    }

    private AuthResult validate(HttpRequest request, ValidationContext context, String scheme) {
        ValidationResult result;
        try {
            result = validator.validate(request, context);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The token validator failed on {}", request);
            return ResourceResponses.failure(e);
        }
        return switch (result) {
            case ValidationResult.Valid valid -> new AuthResult.Authenticated(valid.credentials());
            case ValidationResult.Invalid invalid ->
                ResourceResponses.invalidToken(
                        scheme, invalid.description() == null ? "The access token is invalid" : invalid.description());
            case null -> ResourceResponses.invalidToken(scheme, "The access token is invalid");
        };
    }

    /**
     * Whether a token is an RFC 6750 section 2.1 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." /
     * "_" / "~" / "+" / "/" ) *"="}; one pass over the characters, as it runs on every request.
     */
    static boolean isB64Token(String token) {
        int length = token.length();
        int i = 0;
        while (i < length && isB64Char(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && token.charAt(i) == '=') {
            i++;
        }
        return i == length;
    }

    private static boolean isB64Char(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '+'
                || c == '/';
    }

    /** An Authorization header's scheme (lower case) and token. */
    private record Presented(String scheme, String token) {}

    private static Optional<Presented> split(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty()
                ? Optional.empty()
                : Optional.of(new Presented(value.substring(0, space).toLowerCase(Locale.ROOT), token));
    }

    /**
     * The request's DPoP proof, checked at most once (a proof is single-use): by the first flow with a DPoP
     * token type, when the request uses the DPoP scheme.
     */
    private static final class ProofCheck {
        private final List<BearerAuthenticator> flows;
        private final HttpRequest request;
        private final Optional<Presented> presented;
        private boolean checked;
        private BearerAuthenticator checker;
        private DPoPVerification.Verified unrecorded;
        private DPoPResult result;
        private AuthResult.Refused failure;

        ProofCheck(List<BearerAuthenticator> flows, HttpRequest request, Optional<Presented> presented) {
            this.flows = flows;
            this.request = request;
            this.presented = presented;
        }

        /**
         * The outcome of the proof's stateless checks ({@link DPoPToken#verifyResourceRequest}); {@code null}
         * when checking it failed ({@link #failure()} then says why). Its {@code jti} is not stored yet.
         */
        DPoPResult result() {
            if (!checked) {
                checked = true;
                checker = flows.stream()
                        .filter(flow -> flow.tokenType instanceof DPoPToken)
                        .findFirst()
                        .orElseThrow();
                try {
                    DPoPVerification verification = ((DPoPToken) checker.tokenType)
                            .verifyResourceRequest(
                                    request,
                                    checker.origin + request.path(),
                                    presented.orElseThrow().token());
                    result = switch (verification) {
                        case DPoPVerification.Verified verified -> {
                            unrecorded = verified;
                            yield new DPoPResult.Valid(verified.jkt());
                        }
                        case DPoPVerification.Accepted accepted -> new DPoPResult.Valid(accepted.jkt());
                        case DPoPVerification.Refused refused -> refused.result();
                    };
                } catch (Exception e) {
                    FailureLog.log(checker.logger, e, "The DPoP proof check failed on {}", request);
                    failure = ResourceResponses.failure(e);
                }
            }
            return result;
        }

        /**
         * Stores the {@code jti} of a proof that passed its stateless checks, once a flow authenticated the
         * token: the refusal to send when the proof was already used (or storing it failed).
         */
        Optional<AuthResult> record(String scheme) {
            if (unrecorded == null) {
                return Optional.empty();
            }
            DPoPVerification.Verified proof = unrecorded;
            unrecorded = null;
            try {
                if (((DPoPToken) checker.tokenType).record(proof) instanceof DPoPResult.Invalid invalid) {
                    return Optional.of(ResourceResponses.invalidProof(scheme, invalid.description()));
                }
                return Optional.empty();
            } catch (RuntimeException e) {
                FailureLog.log(checker.logger, e, "Recording the DPoP proof failed on {}", request);
                return Optional.of(ResourceResponses.failure(e));
            }
        }

        AuthResult.Refused failure() {
            return failure;
        }

        /** Refuses a proof that passed its checks but not the token's rules: every flow then refuses it. */
        void refuse(DPoPResult.Invalid invalid) {
            result = invalid;
            unrecorded = null;
        }

        /** Whether a proof was checked and refused (or could not be checked). */
        boolean refused() {
            return checked && !(result instanceof DPoPResult.Valid);
        }
    }

    /** Builds a {@link BearerAuthenticator}: {@code issuer} and {@code tokenType} are required. */
    public static final class Builder {
        private TokenType tokenType = new BearerToken();
        private AccessTokenVerifier verifier;
        private boolean cacheVerified;
        private TokenValidator validator;
        private GrantRevocationStore revocations;
        private Clock clock = Clock.systemUTC();
        private String publicUrl;
        private Logger logger = LoggerFactory.getLogger(BearerAuthenticator.class);

        private Builder() {}

        /** The token type the flow issues: {@link BearerToken} (the default) or a {@link DPoPToken}. */
        public Builder tokenType(TokenType tokenType) {
            this.tokenType = Objects.requireNonNull(tokenType, "tokenType");
            return this;
        }

        /**
         * Verifies tokens as the flow's RFC 9068 JWTs with these helpers before the validator runs. Accepted
         * tokens are remembered in a {@link VerifiedTokenCache} (by the whole token, until their {@code exp}
         * and at most a minute, on the builder's {@link #clock}), so a token sent again is not verified
         * again; revocation, the validator and DPoP still run on every request.
         *
         * @param jwt the flow's JWT helpers
         * @return this builder
         */
        public Builder verifyJwt(JwtHelpers jwt) {
            Objects.requireNonNull(jwt, "jwt");
            verifyWith(token -> switch (jwt.verify(token)) {
                case JwtVerification.Verified verified -> new AccessTokenVerification.Verified(verified.claims());
                case JwtVerification.Rejected rejected -> new AccessTokenVerification.Rejected(rejected.reason());
            });
            this.cacheVerified = true;
            return this;
        }

        /** The clock of the flow: verified tokens are remembered until its time passes their expiry. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Verifies tokens with this verifier before the validator runs, such as a {@link ResourceServer}'s
         * check against a remote issuer; its claims' {@code cnf.jkt} binds a token to the DPoP proof's key.
         *
         * @param verifier the verifier
         * @return this builder
         */
        public Builder verifyWith(AccessTokenVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            this.cacheVerified = false;
            return this;
        }

        /** The user's token check, run after JWT verification; {@code null} for none. */
        public Builder validator(TokenValidator validator) {
            this.validator = validator;
            return this;
        }

        /**
         * Refuses verified JWTs whose grant the revocation list names (RFC 7009 section 2.1).
         *
         * @param store the revocation list
         * @param clock the clock entries end by
         * @return this builder
         */
        public Builder revocations(GrantRevocationStore store, Clock clock) {
            this.revocations = Objects.requireNonNull(store, "store");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The issuer, whose origin is the base of every resource URL a DPoP proof names ({@code htu}). */
        public Builder issuer(String issuer) {
            return publicUrl(issuer);
        }

        /**
         * The public base URL of the protected routes, whose origin is the base of every resource URL a DPoP
         * proof names ({@code htu}): the issuer when the routes live beside the authorization server, the
         * API's own URL otherwise. Never taken from the request's {@code Host}.
         *
         * @param url an absolute URL
         * @return this builder
         */
        public Builder publicUrl(String url) {
            this.publicUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Where validator and proof-check failures are logged. */
        public Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /** Builds the authenticator. */
        public BearerAuthenticator build() {
            return new BearerAuthenticator(this);
        }
    }
}

package io.authdesign.flow;

import io.authdesign.dpop.DPoPResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.JwtVerification;
import io.authdesign.resource.AuthResult;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.resource.ResourceResponses;
import io.authdesign.resource.TokenValidator;
import io.authdesign.resource.ValidationContext;
import io.authdesign.resource.ValidationResult;
import io.authdesign.store.FailureLog;
import io.authdesign.token.BearerToken;
import io.authdesign.token.TokenType;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * One flow's resource-route authentication. The access token comes from the Authorization header: the
 * {@code Bearer} scheme (RFC 6750), or with a {@link DPoPToken} flow the {@code DPoP} scheme with a proof
 * whose key the token is bound to (RFC 9449 section 7). The token is verified as a JWT when the flow uses
 * {@code useAccessTokenJwks(true)}, then given to the flow's {@code validate(...)} when it has one. Without
 * a validator a verified JWT authenticates on its own; without either, nothing does. A DPoP-bound token
 * ({@code cnf}) is never accepted as a Bearer token.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-2.1">RFC 6750 section 2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-7">RFC 9449 section 7</a>
 */
final class BearerAuthenticator implements ResourceAuthenticator {

    /** RFC 6750 section 2.1 {@code b64token}. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final TokenType tokenType;
    private final JwtHelpers jwt;
    private final boolean verifyJwt;
    private final TokenValidator validator;
    private final String origin;
    private final Logger logger;

    BearerAuthenticator(
            TokenType tokenType,
            JwtHelpers jwt,
            boolean verifyJwt,
            TokenValidator validator,
            String issuer,
            Logger logger) {
        this.tokenType = tokenType;
        this.jwt = jwt;
        this.verifyJwt = verifyJwt;
        this.validator = validator;
        this.origin = origin(issuer);
        this.logger = logger;
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

    /** The challenge of a request without a token: every scheme the flow accepts. */
    private String missingTokenChallenge() {
        if (tokenType instanceof DPoPToken dpop && !dpop.isRequired()) {
            return BearerToken.PREFIX + ", " + scheme(DPoPToken.PREFIX);
        }
        return scheme(null);
    }

    @Override
    public AuthResult authenticate(HttpRequest request, Set<String> requiredScopes) {
        AuthResult result = authenticateToken(request);
        if (result instanceof AuthResult.Authenticated authenticated
                && !authenticated.credentials().hasScopes(requiredScopes)) {
            return insufficientScope(request, requiredScopes);
        }
        return result;
    }

    /** 403 {@code insufficient_scope} with the challenge of the scheme the request used. */
    AuthResult insufficientScope(HttpRequest request, Set<String> requiredScopes) {
        return ResourceResponses.insufficientScope(scheme(presentedScheme(request)), requiredScopes);
    }

    /** Authenticates without checking scopes. */
    AuthResult authenticateToken(HttpRequest request) {
        return authenticateToken(request, new IdentityHashMap<>());
    }

    /**
     * Authenticates without checking scopes, reusing the outcome of a proof already checked for this
     * request with the same token type (by another flow of a {@code MultipleFlows}): a proof is single-use,
     * so checking it again would refuse it as a replay.
     *
     * @param checked the proofs already checked for this request, by token type
     */
    AuthResult authenticateToken(HttpRequest request, Map<TokenType, DPoPResult> checked) {
        List<String> headers = request.headers("Authorization");
        if (headers.size() > 1) {
            return ResourceResponses.invalidRequest(scheme(null), "The request has more than one Authorization header");
        }
        Optional<String[]> presented = headers.stream().findFirst().flatMap(BearerAuthenticator::split);
        if (presented.isEmpty() || !accepts(presented.get()[0])) {
            return ResourceResponses.missingToken(missingTokenChallenge());
        }
        String scheme = scheme(presented.get()[0]);
        String token = presented.get()[1];
        if (!B64TOKEN.matcher(token).matches()) {
            return ResourceResponses.invalidToken(scheme, "The access token is malformed");
        }
        boolean dpopScheme = presented.get()[0].equalsIgnoreCase(DPoPToken.PREFIX);
        Optional<String> jkt = Optional.empty();
        if (dpopScheme) {
            DPoPResult proof = checked.get(tokenType);
            if (proof == null) {
                try {
                    proof = ((DPoPToken) tokenType).checkResourceRequest(request, origin + request.path(), token);
                } catch (Exception e) {
                    FailureLog.log(logger, e, "The DPoP proof check failed on {}", request);
                    return ResourceResponses.failure(e);
                }
                checked.put(tokenType, proof);
            }
            switch (proof) {
                case DPoPResult.Invalid invalid -> {
                    return ResourceResponses.invalidProof(scheme, invalid.description());
                }
                case DPoPResult.UseNonce nonce -> {
                    return ResourceResponses.useNonce(scheme, nonce.nonce());
                }
                case DPoPResult.Valid valid -> jkt = Optional.of(valid.jkt());
            }
        }
        Optional<Map<String, Object>> claims = Optional.empty();
        if (verifyJwt) {
            JwtVerification verification = jwt.verify(token);
            if (verification instanceof JwtVerification.Rejected rejected) {
                logger.debug("Access token refused: {}", rejected.reason());
                return ResourceResponses.invalidToken(scheme, "The access token is invalid or expired");
            }
            claims = Optional.of(((JwtVerification.Verified) verification).claims());
            Optional<String> bound = boundKey(claims.get());
            if (bound.isPresent() != dpopScheme || (dpopScheme && !bound.equals(jkt))) {
                // a bound token sent as Bearer is told to use DPoP when this flow accepts it (RFC 9449 7.2)
                return ResourceResponses.invalidToken(
                        tokenType instanceof DPoPToken ? scheme(DPoPToken.PREFIX) : scheme,
                        dpopScheme
                                ? "The access token is not bound to the DPoP proof's key"
                                : "A DPoP-bound access token must be presented with the DPoP scheme");
            }
        }
        if (validator != null) {
            return validate(request, new ValidationContext(token, claims, jkt), scheme);
        }
        return claims.flatMap(Credentials::fromJwtClaims)
                .<AuthResult>map(AuthResult.Authenticated::new)
                .orElseGet(() -> ResourceResponses.invalidToken(scheme, "The access token is invalid or expired"));
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

    private String presentedScheme(HttpRequest request) {
        return request.header("Authorization")
                .flatMap(BearerAuthenticator::split)
                .map(parts -> parts[0])
                .orElse(null);
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

    /** The scheme and the token of an Authorization header. */
    private static Optional<String[]> split(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty()
                ? Optional.empty()
                : Optional.of(new String[] {value.substring(0, space).toLowerCase(Locale.ROOT), token});
    }
}

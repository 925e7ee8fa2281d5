package io.authdesign.flow;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * One flow's resource-route authentication: the access token from the Authorization header is verified
 * as a JWT when the flow uses {@code useAccessTokenJwks(true)}, then given to the flow's
 * {@code validate(...)} when it has one. Without a validator a verified JWT authenticates on its own;
 * without either, nothing does.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-2.1">RFC 6750 section 2.1</a>
 */
final class BearerAuthenticator implements ResourceAuthenticator {

    /** RFC 6750 section 2.1 {@code b64token}. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final String scheme;
    private final JwtHelpers jwt;
    private final boolean verifyJwt;
    private final TokenValidator validator;
    private final Logger logger;

    BearerAuthenticator(String scheme, JwtHelpers jwt, boolean verifyJwt, TokenValidator validator, Logger logger) {
        this.scheme = scheme;
        this.jwt = jwt;
        this.verifyJwt = verifyJwt;
        this.validator = validator;
        this.logger = logger;
    }

    @Override
    public AuthResult authenticate(HttpRequest request, Set<String> requiredScopes) {
        AuthResult result = authenticateToken(request);
        if (result instanceof AuthResult.Authenticated authenticated
                && !authenticated.credentials().hasScopes(requiredScopes)) {
            return ResourceResponses.insufficientScope(scheme, requiredScopes);
        }
        return result;
    }

    /** Authenticates without checking scopes. */
    AuthResult authenticateToken(HttpRequest request) {
        List<String> headers = request.headers("Authorization");
        if (headers.size() > 1) {
            return ResourceResponses.invalidRequest(scheme, "The request has more than one Authorization header");
        }
        Optional<String> token = headers.stream().findFirst().flatMap(this::token);
        if (token.isEmpty()) {
            return ResourceResponses.missingToken(scheme);
        }
        if (!B64TOKEN.matcher(token.get()).matches()) {
            return ResourceResponses.invalidToken(scheme, "The access token is malformed");
        }
        Optional<Map<String, Object>> claims = Optional.empty();
        if (verifyJwt) {
            JwtVerification verification = jwt.verify(token.get());
            if (verification instanceof JwtVerification.Rejected rejected) {
                logger.debug("Access token refused: {}", rejected.reason());
                return ResourceResponses.invalidToken(scheme, "The access token is invalid or expired");
            }
            claims = Optional.of(((JwtVerification.Verified) verification).claims());
        }
        if (validator != null) {
            return validate(request, new ValidationContext(token.get(), claims));
        }
        return claims.flatMap(Credentials::fromJwtClaims)
                .<AuthResult>map(AuthResult.Authenticated::new)
                .orElseGet(() -> ResourceResponses.invalidToken(scheme, "The access token is invalid or expired"));
    }

    private AuthResult validate(HttpRequest request, ValidationContext context) {
        ValidationResult result;
        try {
            result = validator.validate(request, context);
        } catch (Exception e) {
            logger.error("The token validator failed on {}", request, e);
            return ResourceResponses.serverError();
        }
        return switch (result) {
            case ValidationResult.Valid valid -> new AuthResult.Authenticated(valid.credentials());
            case ValidationResult.Invalid invalid ->
                ResourceResponses.invalidToken(
                        scheme, invalid.description() == null ? "The access token is invalid" : invalid.description());
            case null -> ResourceResponses.invalidToken(scheme, "The access token is invalid");
        };
    }

    /** The token after this scheme's name, when the header uses the scheme (case-insensitive). */
    private Optional<String> token(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}

package io.authdesign.spring.security;

import io.authdesign.resource.AuthResult;
import io.authdesign.resource.ResourceAuthenticator;
import java.io.Serial;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates an {@link AuthDesignAuthentication} with the design's authenticator: Bearer tokens (RFC
 * 6750) and DPoP-bound tokens with their proof (RFC 9449 section 7), every check the library makes (signature,
 * issuer, expiry, revocation, proof replay, ...). A refusal is thrown as a {@link Refused}, which carries the
 * response to send.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 section 3</a>
 */
public final class AuthDesignAuthenticationProvider implements AuthenticationProvider {

    private final ResourceAuthenticator authenticator;

    /**
     * Creates the provider.
     *
     * @param authenticator the design's authenticator
     */
    public AuthDesignAuthenticationProvider(ResourceAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        AuthDesignAuthentication token = (AuthDesignAuthentication) authentication;
        return switch (authenticator.guard(token.request(), Set.of())) {
            case AuthResult.Authenticated accepted ->
                AuthDesignAuthentication.authenticated(AuthDesignPrincipal.of(accepted.credentials()));
            case AuthResult.Refused refused -> throw new Refused(refused);
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return AuthDesignAuthentication.class.isAssignableFrom(authentication);
    }

    /** A refused token, with the library's response (status, {@code WWW-Authenticate}, error body). */
    public static final class Refused extends AuthenticationException {

        @Serial
        private static final long serialVersionUID = 1L;

        private final transient AuthResult.Refused refusal;

        /**
         * Creates the exception.
         *
         * @param refusal the authenticator's refusal
         */
        public Refused(AuthResult.Refused refusal) {
            super("The access token was refused with status "
                    + refusal.response().status());
            this.refusal = refusal;
        }

        /**
         * The response to send.
         *
         * @return the refusal
         */
        public AuthResult.Refused refusal() {
            return refusal;
        }
    }
}

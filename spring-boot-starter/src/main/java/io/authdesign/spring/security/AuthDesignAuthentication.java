package io.authdesign.spring.security;

import io.authdesign.http.HttpRequest;
import java.io.Serial;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request's access token (RFC 6750 section 2.1, RFC 9449 section 7.1) before and after the design's
 * authenticator checked it: unauthenticated it holds the request, authenticated its {@link AuthDesignPrincipal}
 * with one authority {@code SCOPE_<scope>} per granted scope.
 */
public final class AuthDesignAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The prefix of the scope authorities, as Spring Security's own resource server names them. */
    public static final String SCOPE_PREFIX = "SCOPE_";

    private final transient HttpRequest request;
    private final AuthDesignPrincipal principal;

    private AuthDesignAuthentication(
            HttpRequest request, AuthDesignPrincipal principal, List<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.request = request;
        this.principal = principal;
        setAuthenticated(principal != null);
    }

    /**
     * The request to authenticate.
     *
     * @param request the request line and headers
     * @return an unauthenticated token
     */
    public static AuthDesignAuthentication unauthenticated(HttpRequest request) {
        return new AuthDesignAuthentication(request, null, List.of());
    }

    /**
     * An accepted token.
     *
     * @param principal its claims
     * @return an authenticated token
     */
    public static AuthDesignAuthentication authenticated(AuthDesignPrincipal principal) {
        return new AuthDesignAuthentication(
                null,
                principal,
                principal.scope().stream()
                        .sorted()
                        .map(scope -> new SimpleGrantedAuthority(SCOPE_PREFIX + scope))
                        .toList());
    }

    /**
     * The request, before authentication.
     *
     * @return the request, or {@code null} once authenticated
     */
    public HttpRequest request() {
        return request;
    }

    /** The token is not kept once checked. */
    @Override
    public Object getCredentials() {
        return "";
    }

    /** The {@link AuthDesignPrincipal}, once authenticated. */
    @Override
    public Object getPrincipal() {
        return principal;
    }
}

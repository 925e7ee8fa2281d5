package io.authdesign.servlet;

import io.authdesign.flow.AuthDesign;
import io.authdesign.http.HttpRequest;
import io.authdesign.resource.AuthResult;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ResourceAuthenticator;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * Protects the routes it is mapped to with a design's access tokens (RFC 6750, and DPoP per RFC 9449
 * section 7): the request is authenticated with {@link AuthDesign#authenticator()} before the chain goes
 * on; a refused one gets the 401, 403 or 400 response with its {@code WWW-Authenticate} challenge and the
 * application does not run; an accepted one carries its {@link Credentials}, read with
 * {@link #credentials(ServletRequest)}. The container's filter mapping chooses the routes:
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new ProtectedRoutesFilter(design)), "/api/*", EnumSet.of(DispatcherType.REQUEST));
 * context.addFilter(new FilterHolder(new ProtectedRoutesFilter(design, "admin")), "/api/admin/*", ...);
 * }</pre>
 *
 * <p>Map each protected route under one filter, holding every scope the route needs: overlapping mappings
 * would authenticate a request twice, and a DPoP proof is accepted only once (RFC 9449 section 11.1). Do
 * not map it over the design's own endpoints: they authenticate clients by their own rules.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-7">RFC 9449 section 7</a>
 */
public final class ProtectedRoutesFilter implements Filter {

    private static final String CREDENTIALS = ProtectedRoutesFilter.class.getName() + ".credentials";

    private final ResourceAuthenticator authenticator;
    private final Set<String> requiredScopes;

    /**
     * Creates the filter.
     *
     * @param design the built design whose access tokens are accepted
     * @param requiredScopes scopes the access token must carry (none: any valid token)
     */
    public ProtectedRoutesFilter(AuthDesign design, String... requiredScopes) {
        this(Objects.requireNonNull(design, "design").authenticator(), requiredScopes);
    }

    /**
     * Creates the filter for an API apart from the authorization server, such as one protected by a
     * {@link io.authdesign.resource.ResourceServer} that knows the issuer only by its URL.
     *
     * @param authenticator the authenticator of the protected routes
     * @param requiredScopes scopes the access token must carry (none: any valid token)
     */
    public ProtectedRoutesFilter(ResourceAuthenticator authenticator, String... requiredScopes) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.requiredScopes = Set.of(requiredScopes);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            throw new ServletException("ProtectedRoutesFilter serves HTTP requests only");
        }
        switch (authenticator.guard(ServletExchange.requestLine(http).build(), requiredScopes)) {
            case AuthResult.Authenticated authenticated -> {
                request.setAttribute(CREDENTIALS, authenticated.credentials());
                chain.doFilter(request, response);
            }
            case AuthResult.Refused refused -> ServletExchange.write(refused.response(), httpResponse);
        }
    }

    /**
     * The request line and headers of a servlet request as a design's authenticator reads them (the path
     * inside the web application, the query, the remote address and every header), for an integration that
     * calls {@link ResourceAuthenticator#guard} itself, such as a Spring Security filter (RFC 6750 section
     * 2, RFC 9449 section 7).
     *
     * @param request the servlet request
     * @return the request, without its body
     */
    public static HttpRequest requestLine(HttpServletRequest request) {
        return ServletExchange.requestLine(request).build();
    }

    /**
     * Sends a refusal as it is: its status, its {@code WWW-Authenticate} challenge and its error body (RFC
     * 6750 section 3).
     *
     * @param refused the authenticator's refusal
     * @param response the servlet response, not yet committed
     * @throws IOException when the response cannot be written
     */
    public static void send(AuthResult.Refused refused, HttpServletResponse response) throws IOException {
        ServletExchange.write(refused.response(), response);
    }

    /**
     * The credentials of the access token that authenticated this request.
     *
     * @param request a request that passed a {@link ProtectedRoutesFilter}
     * @return the credentials
     * @throws IllegalStateException when no protection filter authenticated the request
     */
    public static Credentials credentials(ServletRequest request) {
        if (request.getAttribute(CREDENTIALS) instanceof Credentials credentials) {
            return credentials;
        }
        throw new IllegalStateException("No credentials: map a ProtectedRoutesFilter over the route");
    }
}

package io.authdesign.servlet;

import io.authdesign.flow.AuthDesign;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves an {@link AuthDesign}'s endpoints in front of an application: a request to an endpoint's path is
 * answered by the endpoint (another method on that path is 405 with {@code Allow}), every other request
 * goes on down the filter chain untouched. Map it at {@code /*}; it answers exactly as
 * {@link AuthDesignServlet} does, and protects nothing (see {@link ProtectedRoutesFilter}). A container
 * runs filters only for a request some servlet maps, so the application needs a servlet at {@code /} (its
 * default servlet, Spring's {@code DispatcherServlet}, ...) behind the filter.
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new AuthDesignFilter(design)), "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3">RFC 6749 section 3</a>
 */
public final class AuthDesignFilter implements Filter {

    private final EndpointRoutes routes;

    /**
     * Creates the filter.
     *
     * @param design the built design whose endpoints to serve
     */
    public AuthDesignFilter(AuthDesign design) {
        this.routes = new EndpointRoutes(Objects.requireNonNull(design, "design"));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http
                && response instanceof HttpServletResponse httpResponse
                && routes.answer(http, httpResponse)) {
            return;
        }
        chain.doFilter(request, response);
    }
}

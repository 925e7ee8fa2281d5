package io.authdesign.servlet;

import io.authdesign.resource.Credentials;
import io.authdesign.testkit.TestRoute;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The application routes of the shared suites at one path, by method, reading the credentials the
 * protection filter exposes.
 */
final class RouteServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<TestRoute> routes;

    RouteServlet(List<TestRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (TestRoute route : routes) {
            if (route.method().equals(request.getMethod())) {
                byte[] body = route.answer().apply(credentials(request)).getBytes(StandardCharsets.UTF_8);
                response.setContentType("text/plain;charset=UTF-8");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return;
            }
        }
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }

    /** What the filter exposes to the route: an unprotected route has no credentials. */
    private static Optional<Credentials> credentials(HttpServletRequest request) {
        try {
            return Optional.of(ProtectedRoutesFilter.credentials(request));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * A route's protection: servlet mappings select paths, not methods, so the application's filter for a
     * route of one method lets the path's other methods pass to their own filter.
     */
    static Filter protection(TestRoute route, ProtectedRoutesFilter filter) {
        return (ServletRequest request, ServletResponse response, FilterChain chain) -> {
            if (((HttpServletRequest) request).getMethod().equals(route.method())) {
                filter.doFilter(request, response, chain);
            } else {
                chain.doFilter(request, response);
            }
        };
    }
}

package io.authdesign.servlet;

import io.authdesign.resource.Credentials;
import io.authdesign.testkit.TestRoute;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** An application route of the shared suites, reading the credentials the protection filter exposes. */
final class RouteServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient TestRoute route;

    RouteServlet(TestRoute route) {
        this.route = route;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = route.answer().apply(credentials(request)).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** What the filter exposes to the route: an unprotected route has no credentials. */
    private static Optional<Credentials> credentials(HttpServletRequest request) {
        try {
            return Optional.of(ProtectedRoutesFilter.credentials(request));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }
}

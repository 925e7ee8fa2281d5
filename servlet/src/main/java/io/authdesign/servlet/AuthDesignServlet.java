package io.authdesign.servlet;

import io.authdesign.flow.AuthDesign;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.util.Objects;

/**
 * Serves an {@link AuthDesign}'s endpoints (token, authorization, device, JWKS, discovery, userinfo, ...)
 * in a Jakarta Servlet 6 container. Map it at {@code /*} of the context whose path is the issuer's path;
 * a request to another path is 404, another method on an endpoint's path 405 with {@code Allow}.
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler();
 * context.addServlet(new ServletHolder(new AuthDesignServlet(design)), "/*");
 * }</pre>
 *
 * <p>The servlet only translates: the servlet request becomes an {@link HttpRequest} (core reads the body
 * with its size limit), the endpoint's {@link HttpResponse} is copied back, and every failure is the
 * endpoint's RFC 6749 section 5.2 error response, never the container's error page. Handlers block: give
 * the container virtual threads where it allows (Jetty's {@code QueuedThreadPool.setVirtualThreadsExecutor},
 * Tomcat's connector {@code useVirtualThreads}). To serve the endpoints in front of an application's own
 * servlets, use {@link AuthDesignFilter} instead.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3">RFC 6749 section 3</a>
 */
public final class AuthDesignServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient EndpointRoutes routes;

    /**
     * Creates the servlet.
     *
     * @param design the built design whose endpoints to serve
     */
    public AuthDesignServlet(AuthDesign design) {
        this.routes = new EndpointRoutes(Objects.requireNonNull(design, "design"));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!routes.answer(request, response)) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentLength(0);
        }
    }
}

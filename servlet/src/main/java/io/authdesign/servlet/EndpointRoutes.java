package io.authdesign.servlet;

import io.authdesign.flow.AuthDesign;
import io.authdesign.http.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A design's endpoints by path and method: the lookup the servlet and the filter share. */
final class EndpointRoutes {

    private final Map<String, Map<String, Endpoint>> byPath = new LinkedHashMap<>();

    EndpointRoutes(AuthDesign design) {
        for (Endpoint endpoint : design.endpoints()) {
            byPath.computeIfAbsent(endpoint.path(), p -> new LinkedHashMap<>()).put(endpoint.method(), endpoint);
        }
    }

    /**
     * Answers a request to one of the endpoints: the endpoint's response, or 405 with {@code Allow} for
     * another method on an endpoint's path (RFC 9110 section 15.5.6).
     *
     * @return false when the path is no endpoint's, and nothing was written
     */
    boolean answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Endpoint> methods = byPath.get(ServletExchange.path(request));
        if (methods == null) {
            return false;
        }
        Endpoint endpoint = methods.get(request.getMethod());
        if (endpoint == null) {
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setHeader("Allow", String.join(", ", methods.keySet()));
            response.setContentLength(0);
            return true;
        }
        ServletExchange.serve(endpoint, request, response);
        return true;
    }
}

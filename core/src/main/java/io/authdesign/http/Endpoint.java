package io.authdesign.http;

import java.util.Objects;

/**
 * One HTTP endpoint of an auth design: a method, a path and the function that answers it. Adapters mount
 * every endpoint of {@link io.authdesign.flow.AuthDesign#endpoints()} as it is, unauthenticated.
 *
 * @param method the HTTP method ({@code GET} or {@code POST})
 * @param path the path, starting with {@code /}
 * @param handler the function from request to response; it never throws for client input
 */
public record Endpoint(String method, String path, Handler handler) {

    /** Validates the components. */
    public Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }

    /** The function behind an endpoint. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers a request.
         *
         * @param request the request
         * @return the response
         */
        HttpResponse handle(HttpRequest request);
    }
}

package io.authdesign.http;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.internal.FailureLog;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    private static final OAuth2Error UNREADABLE_BODY =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request body could not be read");

    /** Reads the adapter's request into the core model; reading the body may fail. */
    @FunctionalInterface
    public interface RequestReader {
        /**
         * Reads the request.
         *
         * @return the request
         * @throws IOException when the body cannot be read
         */
        HttpRequest read() throws IOException;
    }

    /**
     * Answers a request for an adapter, which only copies the response back: a body that cannot be read is
     * answered 400 {@code invalid_request}, and anything the handler throws (an {@code Error} too) is logged
     * and answered 500 {@code server_error} in the form of RFC 6749 section 5.2, never with the server's
     * own error page.
     *
     * @param reader reads the request
     * @return the response
     */
    public HttpResponse serve(RequestReader reader) {
        HttpRequest request;
        try {
            request = reader.read();
        } catch (IOException e) {
            LOG.debug("Could not read the request body of {} {}", method, path, e);
            return OAuth2Responses.error(UNREADABLE_BODY);
        }
        try {
            return handler.handle(request);
        } catch (RuntimeException | Error e) {
            FailureLog.log(LOG, e, "Endpoint {} {} failed", method, path);
            return OAuth2Responses.error(OAuth2Responses.failure(e));
        }
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

package io.authdesign.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.FailureLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Wraps endpoints so that each answer is reported to an {@link AuthEventListener}: its latency
 * ({@link AuthEvent.EndpointServed}), its OAuth 2.0 error code when it answered one (RFC 6749 section 5.2,
 * {@link AuthEvent.ErrorReturned}) and a store outage behind it ({@link AuthEvent.StoreFailed}). The
 * responses are those of the wrapped endpoints, unchanged.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 */
public final class ObservedEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The largest error body read for its code; error responses are small. */
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private ObservedEndpoints() {}

    /**
     * The endpoints, each reporting to the listener; the list itself when the listener is
     * {@link AuthEventListener#NONE}.
     *
     * @param endpoints the endpoints
     * @param listener the listener
     * @return the observed endpoints
     */
    public static List<Endpoint> observe(List<Endpoint> endpoints, AuthEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listener == AuthEventListener.NONE) {
            return endpoints;
        }
        return endpoints.stream().map(endpoint -> observe(endpoint, listener)).toList();
    }

    /**
     * The endpoint, reporting to the listener.
     *
     * @param endpoint the endpoint
     * @param listener the listener
     * @return the observed endpoint
     */
    public static Endpoint observe(Endpoint endpoint, AuthEventListener listener) {
        Endpoint.Handler handler = endpoint.handler();
        String method = endpoint.method();
        String path = endpoint.path();
        return new Endpoint(method, path, request -> {
            long start = System.nanoTime();
            HttpResponse response;
            try {
                response = handler.handle(request);
            } catch (RuntimeException | Error e) {
                // Endpoint.serve answers it; counted here as what it will be answered
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                boolean outage = FailureLog.outage(e) != null;
                AuthEventListener.publish(
                        listener, new AuthEvent.EndpointServed(method, path, outage ? 503 : 500, took));
                if (outage) {
                    AuthEventListener.publish(listener, new AuthEvent.StoreFailed(path));
                }
                AuthEventListener.publish(
                        listener,
                        new AuthEvent.ErrorReturned(
                                path,
                                outage
                                        ? OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE.value()
                                        : OAuth2ErrorCode.SERVER_ERROR.value()));
                throw e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            AuthEventListener.publish(listener, new AuthEvent.EndpointServed(method, path, response.status(), took));
            if (response.status() >= 400) {
                errorCode(response).ifPresent(code -> {
                    AuthEventListener.publish(listener, new AuthEvent.ErrorReturned(path, code));
                    if (code.equals(OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE.value())) {
                        AuthEventListener.publish(listener, new AuthEvent.StoreFailed(path));
                    }
                });
            }
            return response;
        });
    }

    /** The {@code error} member of a JSON error body, or of a {@code WWW-Authenticate} challenge. */
    private static Optional<String> errorCode(HttpResponse response) {
        boolean json = response.header("Content-Type")
                .filter(type -> type.startsWith("application/json"))
                .isPresent();
        byte[] body = response.body();
        if (json && body.length > 0 && body.length <= MAX_ERROR_BODY) {
            try {
                JsonNode error = JSON.readTree(body).get("error");
                if (error != null && error.isTextual()) {
                    return Optional.of(error.asText());
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}

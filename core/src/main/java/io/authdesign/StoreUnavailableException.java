package io.authdesign;

/**
 * A store could not be reached or could not complete an operation (database or Redis down, pool
 * exhausted, connection lost mid-statement). Thrown by store implementations so that endpoints answer
 * {@code 503} with {@code temporarily_unavailable} and {@code Retry-After} rather than {@code 500}; the
 * operation either happened entirely or not at all, so the client may simply retry.
 *
 * <p>The message is for logs only: it may name hosts or SQL states and is never sent to a client.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1
 *     ({@code temporarily_unavailable})</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9110#section-15.6.4">RFC 9110 section 15.6.4
 *     (503 Service Unavailable)</a>
 */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for the logs
     * @param cause the driver's exception
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.authdesign.authorize;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@code continue} value saying the interaction cannot go on now: too many failed sign-ins (429) or too
 * many passwords being checked (503). The endpoint answers the sign-in page (the POST error renderer) with
 * this status, the message, and {@code Retry-After}, rather than making the browser wait.
 *
 * @param status 429 or 503
 * @param retryAfter how long to wait
 * @param message the text for the user
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6585#section-4">RFC 6585 section 4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9110#section-10.2.3">RFC 9110 section 10.2.3</a>
 */
public record RetryLater(int status, Duration retryAfter, String message) {

    /** Validates the components. */
    public RetryLater {
        if (status != 429 && status != 503) {
            throw new IllegalArgumentException("A retry-later answer is 429 or 503");
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(message, "message");
    }

    /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}

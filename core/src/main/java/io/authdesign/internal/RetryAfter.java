package io.authdesign.internal;

import java.time.Duration;

/** The {@code Retry-After} header's value (RFC 9110 section 10.2.3) of a refusal that lasts a while. */
public final class RetryAfter {

    private RetryAfter() {}

    /**
     * Whole seconds, rounded up, at least 1.
     *
     * @param wait how long the refusal lasts
     * @return the delay in seconds
     */
    public static long seconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}

package io.authdesign.internal;

import io.authdesign.StoreUnavailableException;
import java.util.Arrays;
import org.slf4j.Logger;

/**
 * Logs an unexpected failure of an endpoint or handler. A store outage ({@link StoreUnavailableException}
 * anywhere in the cause chain) is expected to repeat on every request until the store is back, so it is
 * one WARN line naming the store's message; anything else is an ERROR with its stack trace.
 */
public final class FailureLog {

    private FailureLog() {}

    /**
     * Whether a store outage caused the failure.
     *
     * @param failure what was thrown
     * @return the outage in the cause chain, or {@code null}
     */
    public static StoreUnavailableException outage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    /**
     * Logs the failure.
     *
     * @param logger where to log
     * @param failure what was thrown
     * @param format an SLF4J message pattern
     * @param arguments its arguments
     */
    public static void log(Logger logger, Throwable failure, String format, Object... arguments) {
        StoreUnavailableException unavailable = outage(failure);
        if (unavailable != null) {
            Object[] withReason = Arrays.copyOf(arguments, arguments.length + 1);
            withReason[arguments.length] = unavailable.getMessage();
            logger.warn(format + " (store unavailable: {})", withReason);
        } else {
            Object[] withFailure = Arrays.copyOf(arguments, arguments.length + 1);
            withFailure[arguments.length] = failure;
            logger.error(format, withFailure);
        }
    }
}

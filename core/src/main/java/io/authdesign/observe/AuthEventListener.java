package io.authdesign.observe;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the {@link AuthEvent}s of a design, its ready handlers and its sign-in guard, on the request's
 * thread: an implementation returns quickly (count, log, enqueue). A listener that throws never changes a
 * response: the failure is logged and the request goes on.
 *
 * <p>Implementations: {@link MicrometerAuthMetrics} (counters and timers, when Micrometer is on the class
 * path), the reference server's JSON-lines audit log, or a lambda.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10">RFC 6749 section 10</a>
 */
@FunctionalInterface
public interface AuthEventListener {

    /** The listener that ignores every event, the default everywhere. */
    AuthEventListener NONE = event -> {};

    /**
     * Handles an event.
     *
     * @param event the event
     */
    void onEvent(AuthEvent event);

    /**
     * A listener that passes each event to every given listener in order.
     *
     * @param listeners the listeners
     * @return the combined listener
     */
    static AuthEventListener all(AuthEventListener... listeners) {
        List<AuthEventListener> all = List.of(listeners);
        return event -> all.forEach(listener -> listener.onEvent(event));
    }

    /**
     * Publishes an event to a listener, logging (never throwing) what the listener throws.
     *
     * @param listener the listener
     * @param event the event
     */
    static void publish(AuthEventListener listener, AuthEvent event) {
        try {
            Objects.requireNonNull(listener, "listener").onEvent(event);
        } catch (RuntimeException e) {
            ListenerLog.LOG.warn("The event listener failed on {}: {}", event.name(), e.toString());
        }
    }
}

/** The logger of {@link AuthEventListener#publish}, kept out of the API. */
final class ListenerLog {
    static final Logger LOG = LoggerFactory.getLogger(AuthEventListener.class);

    private ListenerLog() {}
}

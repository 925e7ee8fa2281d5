package io.authdesign.authorize;

import io.authdesign.OAuth2Error;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.http.HttpRequest;
import io.authdesign.internal.RoutePaths;
import io.authdesign.store.PushedRequestStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The pushed authorization request endpoint of an authorization route (RFC 9126), configured in
 * {@code route.pushedAuthorizationRequests(par -> ...)}: its path, where pushed requests are kept, how
 * long a {@code request_uri} lives, and whether every authorization request must be pushed.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126">RFC 9126</a>
 */
public final class PushedAuthorizationRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/par";

    /** The default lifetime of a {@code request_uri}: 60 seconds (RFC 9126 section 2.2 suggests 5 to 600). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private String path = DEFAULT_PATH;
    private PushedRequestStore store;
    private Duration lifetime = DEFAULT_LIFETIME;
    private boolean required;
    private ClientVerification clientVerification;

    /**
     * Decides whether the authenticated client of a pushed request is a registered client that used its own
     * method and the right secret: the library checks the form of the credentials, the application knows
     * its clients (the ready flow installs its own).
     */
    @FunctionalInterface
    public interface ClientVerification {
        /**
         * Verifies a client.
         *
         * @param client the client as its credentials identified it
         * @param request the HTTP request
         * @return the error to answer ({@code invalid_client}, {@code unauthorized_client}), or empty
         * @throws Exception on failure: the client receives {@code server_error}
         */
        Optional<OAuth2Error> verify(ClientAuthentication client, HttpRequest request) throws Exception;
    }

    PushedAuthorizationRoute() {}

    /** Sets the path; {@value #DEFAULT_PATH} by default. */
    public PushedAuthorizationRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Sets where pushed requests are kept until used (required; share it between nodes). */
    public PushedAuthorizationRoute setStore(PushedRequestStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * Sets how long a {@code request_uri} may be used; 60 seconds by default.
     *
     * @param lifetime between 1 second and 10 minutes
     * @return this route
     */
    public PushedAuthorizationRoute setLifetime(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("A request_uri lifetime must be between 1 s and 10 min");
        }
        this.lifetime = lifetime;
        return this;
    }

    /**
     * Requires every authorization request to be pushed (advertised as
     * {@code require_pushed_authorization_requests}); a client can also be required on its own.
     *
     * @param required whether pushing is required of every client
     * @return this route
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126#section-5">RFC 9126 section 5</a>
     */
    public PushedAuthorizationRoute setRequired(boolean required) {
        this.required = required;
        return this;
    }

    /**
     * Sets how the client of a pushed request is verified (required: RFC 9126 section 2 makes client
     * authentication at this endpoint mandatory).
     *
     * @param verification the check
     * @return this route
     */
    public PushedAuthorizationRoute verifyClient(ClientVerification verification) {
        this.clientVerification = Objects.requireNonNull(verification, "verification");
        return this;
    }

    /** The client check. */
    public ClientVerification getClientVerification() {
        if (clientVerification == null) {
            throw new IllegalStateException(
                    "Pushed authorization requests need a client check: call verifyClient(...)");
        }
        return clientVerification;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The store. */
    public PushedRequestStore getStore() {
        if (store == null) {
            throw new IllegalStateException("Pushed authorization requests need a store: call setStore(...)");
        }
        return store;
    }

    /** The lifetime of a {@code request_uri}. */
    public Duration getLifetime() {
        return lifetime;
    }

    /** Whether every authorization request must be pushed. */
    public boolean isRequired() {
        return required;
    }
}

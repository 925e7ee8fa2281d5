package io.authdesign.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization request a client pushed (RFC 9126), waiting for the authorization request that names
 * it by {@code request_uri}: its client, its parameters as checked at the pushed authorization request
 * endpoint, the DPoP key the code is bound to (RFC 9449 section 10.1), and when it expires.
 *
 * @param requestUri the {@code request_uri} handed to the client (stored only as a hash)
 * @param clientId the authenticated client that pushed it
 * @param parameters the authorization request parameters, {@code client_id} included
 * @param expiresAt when the {@code request_uri} stops being usable
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126#section-2.2">RFC 9126 section 2.2</a>
 */
public record PushedRequest(String requestUri, String clientId, Map<String, String> parameters, Instant expiresAt) {

    /** Validates and copies the components. */
    public PushedRequest {
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The hash the request is stored under. */
    public String requestUriHash() {
        return TokenHashes.sha256(requestUri);
    }

    /** Whether the request has expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** A parameter of the pushed request. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}

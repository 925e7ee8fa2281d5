package io.authdesign.client;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * What a client authentication method may need to know about the endpoint it protects: the issuer and
 * the endpoint's URL (accepted audiences of client assertions) and the clock.
 *
 * @param issuer the issuer identifier
 * @param endpointUrl the absolute URL of the endpoint (the token endpoint)
 * @param clock the clock
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-3">RFC 7523 section 3</a>
 */
public record ClientAuthContext(String issuer, String endpointUrl, Clock clock) {

    /** Validates the components. */
    public ClientAuthContext {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(endpointUrl, "endpointUrl");
        Objects.requireNonNull(clock, "clock");
    }

    /** The audiences a client assertion may name: the issuer or the endpoint URL. */
    public Set<String> acceptedAudiences() {
        return Set.of(issuer, endpointUrl);
    }
}

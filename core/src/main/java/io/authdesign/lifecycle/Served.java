package io.authdesign.lifecycle;

import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.token.GrantSettings;
import java.util.Objects;

/**
 * A flow's revocation or introspection route and the settings of that flow (its client authentication
 * methods, access token lifetime and JWT helpers), as an endpoint serving several flows holds them.
 *
 * @param route the route
 * @param settings the flow's settings
 * @param <R> {@link RevocationRoute} or {@link IntrospectionRoute}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2">RFC 7009 section 2</a>
 */
public record Served<R>(R route, GrantSettings settings) {

    /** Validates the components. */
    public Served {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(settings, "settings");
    }

    /** Whether the flow enables the method the client authenticated with. */
    boolean accepts(ClientAuthenticationMethod method) {
        return settings.methods().stream().anyMatch(enabled -> enabled.method().equals(method));
    }
}

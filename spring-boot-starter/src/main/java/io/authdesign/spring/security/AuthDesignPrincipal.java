package io.authdesign.spring.security;

import io.authdesign.resource.Credentials;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

/**
 * The validated access token of a request, as {@code @AuthenticationPrincipal AuthDesignPrincipal} gives it
 * to a controller: the token's {@code sub}, {@code client_id} and {@code scope} (RFC 9068 section 2.2) and
 * every claim.
 *
 * @param sub the subject: the user, or the client itself for its own tokens
 * @param clientId the client the token was issued to
 * @param scope the granted scopes
 * @param claims every claim of the token
 */
public record AuthDesignPrincipal(String sub, String clientId, Set<String> scope, Map<String, Object> claims)
        implements Principal, java.io.Serializable {

    /** Copies the collections. */
    public AuthDesignPrincipal {
        scope = Set.copyOf(scope);
        claims = Map.copyOf(claims);
    }

    /**
     * The principal of a token's credentials.
     *
     * @param credentials what the design's authenticator accepted
     * @return the principal
     */
    public static AuthDesignPrincipal of(Credentials credentials) {
        return new AuthDesignPrincipal(
                credentials.subject(), credentials.clientId(), credentials.scopes(), credentials.claims());
    }

    /** The subject. */
    @Override
    public String getName() {
        return sub;
    }
}

package io.authdesign.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A user's live grant to a client as the refresh token store knows it: a family of refresh tokens that is
 * neither revoked nor expired. An operator lists them and revokes one ({@link RefreshTokenStore#revokeGrant})
 * when a user leaves or a device is lost.
 *
 * @param grantId the grant ({@code grant_id} of its access tokens)
 * @param clientId the client it was granted to
 * @param scopes the scopes of its current refresh token
 * @param expiresAt when its refresh token family expires
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
 */
public record UserGrant(String grantId, String clientId, Set<String> scopes, Instant expiresAt) {

    /** Validates and copies the components. */
    public UserGrant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

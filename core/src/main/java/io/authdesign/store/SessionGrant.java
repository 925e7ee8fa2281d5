package io.authdesign.store;

import java.util.Objects;

/**
 * A grant a sign-in session produced: an authorization code issued to a client while the user was signed in,
 * and everything later issued from it. Logout ends the session's grants and notifies their clients.
 *
 * @param clientId the client the grant was made to, notified at logout when it registered a {@code
 *     backchannel_logout_uri}
 * @param grantId the grant ({@code grant_id} of its tokens), revoked at logout unless {@code offline}
 * @param offline whether the grant includes {@code offline_access}: its refresh tokens are meant to work
 *     while the user is not signed in, so logout leaves them alone (OpenID Connect Core 1.0 section 11)
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html#BCActions">OpenID Connect
 *     Back-Channel Logout 1.0 section 2.7</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#OfflineAccess">OpenID Connect Core 1.0
 *     section 11</a>
 */
public record SessionGrant(String clientId, String grantId, boolean offline) {

    /** Validates the components. */
    public SessionGrant {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(grantId, "grantId");
    }
}

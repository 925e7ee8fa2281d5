package io.authdesign.store;

import java.util.List;
import java.util.Objects;

/**
 * A session as logout ended it: the session and the grants it produced, in the order they were made.
 *
 * @param session the session, no longer findable
 * @param grants its grants, to revoke and whose clients to notify
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html#BCActions">OpenID Connect
 *     Back-Channel Logout 1.0 section 2.7</a>
 */
public record EndedSession(UserSession session, List<SessionGrant> grants) {

    /** Validates the session and copies the grants. */
    public EndedSession {
        Objects.requireNonNull(session, "session");
        grants = List.copyOf(grants);
    }
}

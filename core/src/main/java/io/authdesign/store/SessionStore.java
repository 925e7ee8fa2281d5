package io.authdesign.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * User login sessions at the authorization endpoint. Session ids are random 256-bit values kept only as
 * their hash, since the id is a bearer credential in a cookie. Each session also has an OpenID Connect
 * session id ({@code sid}), a separate random value that goes into ID tokens, and remembers the grants it
 * produced, so that logout can end them and notify their clients.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html">OpenID Connect Back-Channel
 *     Logout 1.0</a>
 */
public interface SessionStore {

    /**
     * Starts a session with a new random id and a new random {@code sid}.
     *
     * @param subject the user
     * @param authTime when the user authenticated
     * @param acr the authentication context class reference achieved, or {@code null}
     * @param amr the authentication methods used
     * @param ttl how long the session lasts
     * @return the session, whose {@link UserSession#id()} goes into the cookie
     */
    UserSession create(String subject, Instant authTime, String acr, Set<String> amr, Duration ttl);

    /**
     * Replaces a session after its user signed in again in the same browser: the old id stops working and a
     * new one is returned (no session fixation), while the {@code sid}, the subject and the recorded grants
     * carry over, so that a later logout still ends the grants made before.
     *
     * @param session the current session
     * @param authTime when the user authenticated again
     * @param acr the authentication context class reference achieved, or {@code null}
     * @param amr the authentication methods used
     * @param ttl how long the renewed session lasts
     * @return the renewed session
     */
    UserSession renew(UserSession session, Instant authTime, String acr, Set<String> amr, Duration ttl);

    /** The unexpired session with this id. */
    Optional<UserSession> find(String sessionId);

    /**
     * Whether a session with this {@code sid} is live: neither ended nor expired. An authorization code of
     * an ended session is not redeemed (Back-Channel Logout 1.0 section 2.7).
     */
    boolean isActive(String sid);

    /**
     * Records a grant the session produced; it is kept as long as the session.
     *
     * @param session the session
     * @param grant the grant
     */
    void recordGrant(UserSession session, SessionGrant grant);

    /**
     * Ends the session (logout) in one atomic step and answers it with its grants; of concurrent calls for
     * one session, one gets it. Empty for an unknown or expired id.
     *
     * @param sessionId the session id, from the cookie
     * @return the ended session and its grants
     */
    Optional<EndedSession> end(String sessionId);

    /** Ends the session without looking at its grants; does nothing for an unknown id. */
    default void delete(String sessionId) {
        end(sessionId);
    }
}

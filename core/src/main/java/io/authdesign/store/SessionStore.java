package io.authdesign.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * User login sessions at the authorization endpoint. Session ids are random 256-bit values kept only as
 * their hash, since the id is a bearer credential in a cookie.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Authenticates">OpenID Connect Core
 *     1.0 section 3.1.2.3</a>
 */
public interface SessionStore {

    /**
     * Starts a session with a new random id.
     *
     * @param subject the user
     * @param authTime when the user authenticated
     * @param acr the authentication context class reference achieved, or {@code null}
     * @param amr the authentication methods used
     * @param ttl how long the session lasts
     * @return the session, whose {@link UserSession#id()} goes into the cookie
     */
    UserSession create(String subject, Instant authTime, String acr, Set<String> amr, Duration ttl);

    /** The unexpired session with this id. */
    Optional<UserSession> find(String sessionId);

    /** Ends the session (logout); does nothing for an unknown id. */
    void delete(String sessionId);
}

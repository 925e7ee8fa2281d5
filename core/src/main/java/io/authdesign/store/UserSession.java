package io.authdesign.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A user's login session at the authorization server, found from the session cookie. Its authentication
 * facts feed the ID token ({@code auth_time}, {@code acr}, {@code amr}) and the {@code max_age} and {@code
 * prompt} checks.
 *
 * @param id the session id, the cookie value; the store keeps only its hash
 * @param subject the user
 * @param authTime when the user authenticated
 * @param acr the authentication context class reference achieved, or {@code null}
 * @param amr the authentication methods used (RFC 8176), possibly empty
 * @param expiresAt when the session ends
 * @param sid the OpenID Connect session id ({@code sid}), random and unrelated to the cookie value: it goes
 *     into the ID tokens and logout tokens of the session, so that a relying party can match a logout
 *     token to the sign-in it ends (Back-Channel Logout 1.0 section 2.1); a same-user sign-in in the same
 *     browser keeps it ({@link SessionStore#renew})
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html#BCSupport">OpenID Connect
 *     Back-Channel Logout 1.0 section 2.1</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#IDToken">OpenID Connect Core 1.0
 *     section 2</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest">OpenID Connect Core
 *     1.0 section 3.1.2.1 ({@code max_age}, {@code prompt})</a>
 */
public record UserSession(
        String id, String subject, Instant authTime, String acr, Set<String> amr, Instant expiresAt, String sid) {

    /** Validates the components and copies {@code amr}. */
    public UserSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(authTime, "authTime");
        amr = Set.copyOf(amr);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(sid, "sid");
    }

    /** Whether the session has ended at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "UserSession[subject=" + subject + ", authTime=" + authTime + ", acr=" + acr + ", amr=" + amr
                + ", expiresAt=" + expiresAt + ", sid=" + sid + "]";
    }
}

package io.authdesign.ready;

import java.util.Map;
import java.util.Optional;

/**
 * The users who sign in at the authorization endpoint, as the ready handlers need them: check a password,
 * and give a user's claims. Implementations compare passwords with a slow hash in constant time.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims">OpenID Connect Core
 *     section 5.1</a>
 */
public interface UserAccounts {

    /**
     * Checks a username and password.
     *
     * @param username the submitted username
     * @param password the submitted password
     * @return the user's subject identifier when the password is right
     */
    Optional<String> authenticate(String username, String password);

    /**
     * The user's claims (OIDC standard claims such as {@code name}, {@code email}), without {@code sub}.
     *
     * @param subject the subject
     * @return the claims; empty for an unknown subject
     */
    Map<String, Object> claims(String subject);
}

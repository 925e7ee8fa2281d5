package io.authdesign.authorize;

import java.util.Set;

/**
 * A {@code continue} value that asks the user to approve a client's access: the default pages render it
 * as a consent form that posts {@value #FIELD} = {@code approve} or {@code deny}.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Consent">OpenID Connect Core
 *     section 3.1.2.4</a>
 */
public interface ConsentPrompt {

    /** The consent form field. */
    String FIELD = "consent";

    /** The client's display name. */
    String clientName();

    /** The scopes to approve. */
    Set<String> scopes();

    /**
     * The user claims requested one by one (OpenID Connect Core section 5.5) beyond what the scopes release,
     * to approve as well; empty by default.
     */
    default Set<String> claims() {
        return Set.of();
    }
}

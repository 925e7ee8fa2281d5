package io.authdesign.store;

import java.util.Map;
import java.util.Set;

/**
 * The scopes each user has granted each client, so that the consent page is shown only for scopes not
 * granted before, and {@code prompt=none} can tell whether consent is needed. Consents last until revoked.
 * Besides scope tokens, the ready flow records the claims a user approved one by one (OpenID Connect Core
 * section 5.5) as entries {@link #claimEntry(String) claim &lt;name&gt;}, which no scope token can be (a scope
 * token holds no space, RFC 6749 section 3.3); a store keeps every entry as it keeps a scope.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#Consent">OpenID Connect Core 1.0
 *     section 3.1.2.4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.1">RFC 6749 section 4.1.1</a>
 */
public interface ConsentStore {

    /** The scopes {@code subject} has granted {@code clientId}; empty if none. */
    Set<String> grantedScopes(String subject, String clientId);

    /** Adds scopes to what {@code subject} has granted {@code clientId}, atomically. */
    void grant(String subject, String clientId, Set<String> scopes);

    /** Forgets every scope {@code subject} granted {@code clientId}. */
    void revoke(String subject, String clientId);

    /**
     * Lists a user's consents, for an operator's listing and revocation.
     *
     * @param subject the user
     * @return the scopes granted by client id; empty when none
     */
    Map<String, Set<String>> consentsOf(String subject);

    /**
     * The entry that records the consent to one claim requested on its own: {@code claim <name>}.
     *
     * @param claim the claim name, such as {@code email}
     * @return the entry
     */
    static String claimEntry(String claim) {
        return "claim " + claim;
    }
}

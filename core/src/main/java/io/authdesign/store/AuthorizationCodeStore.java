package io.authdesign.store;

/**
 * Authorization codes between the authorization response and the token request. A code is redeemable
 * once; a used code is remembered until its expiry so that a second presentation is told apart from an
 * unknown code, and the caller can revoke what the first one issued.
 *
 * <p>A database implements {@link #consume} as one statement, for example {@code UPDATE codes SET used =
 * true WHERE code_hash = ? AND expires_at > ? RETURNING *, (used before the update)}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.5">RFC 6749 section 10.5</a>
 */
public interface AuthorizationCodeStore {

    /**
     * Stores a newly issued code.
     *
     * @throws IllegalArgumentException if a code with the same hash is stored
     */
    void save(AuthorizationCodeGrant grant);

    /**
     * Marks the code used, atomically: of any number of concurrent calls with the same code, exactly one
     * gets {@link CodeRedemption.Redeemed}.
     *
     * @param code the code as presented (hashed here)
     * @return the redemption, the earlier redemption, or unknown
     */
    CodeRedemption consume(String code);
}

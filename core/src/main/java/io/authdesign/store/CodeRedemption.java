package io.authdesign.store;

import java.util.Objects;

/**
 * The outcome of presenting an authorization code: {@link Redeemed} once, {@link AlreadyRedeemed} after,
 * {@link Unknown} for a code never issued or expired.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 */
public sealed interface CodeRedemption {

    /**
     * The first presentation: the code is now used. The caller still checks the client, redirect URI and
     * PKCE verifier against the grant; the code stays used whether or not they match.
     *
     * @param grant what the code stands for
     */
    record Redeemed(AuthorizationCodeGrant grant) implements CodeRedemption {
        /** Validates the grant. */
        public Redeemed {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /**
     * The code was redeemed before: refuse it ({@code invalid_grant}) and revoke what the first redemption
     * issued, found by {@link AuthorizationCodeGrant#grantId()} (RFC 6749 section 4.1.2).
     *
     * @param grant what the code stood for
     */
    record AlreadyRedeemed(AuthorizationCodeGrant grant) implements CodeRedemption {
        /** Validates the grant. */
        public AlreadyRedeemed {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /** The code was never issued or has expired. */
    record Unknown() implements CodeRedemption {}
}

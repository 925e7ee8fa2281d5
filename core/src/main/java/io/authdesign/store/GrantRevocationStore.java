package io.authdesign.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The revocation list of self-contained (JWT) access tokens, keyed by grant: a JWT cannot be recalled
 * once issued, so the tokens of a revoked grant stay valid in signature and expiry, and protected routes,
 * userinfo and introspection ask this list. An entry lives only as long as a token of its grant can: the
 * caller gives its end ({@code until}), the latest expiry of any access token issued from the grant plus
 * the verifier's clock skew, so the list stays as small as the set of recently revoked grants.
 *
 * <p>The key of an access token is its {@value #GRANT_ID_CLAIM} claim, which the ready flows put in every
 * token of a user grant (codes, device approvals and the refresh tokens they lead to); a token without one
 * is its own grant, keyed by its {@code jti} ({@link #keyOf}). Both methods are single operations, so a
 * database or Redis implementation is shared by every node.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-4">RFC 9068 section 4</a>
 */
public interface GrantRevocationStore {

    /**
     * The access token claim naming the grant the token was issued from (the {@code grant_id} of OAuth 2.0
     * Grant Management).
     */
    String GRANT_ID_CLAIM = "grant_id";

    /**
     * Revokes a grant until {@code until}; revoking it again keeps the later end.
     *
     * @param grantId the grant (or a token's {@code jti})
     * @param until when no access token of the grant can be valid any more
     */
    void revoke(String grantId, Instant until);

    /**
     * Whether a grant is revoked at {@code now}.
     *
     * @param grantId the grant (or a token's {@code jti})
     * @param now the time of the request
     * @return true while an entry revoked it and has not ended
     */
    boolean isRevoked(String grantId, Instant now);

    /**
     * The revocation key of an access token: its {@value #GRANT_ID_CLAIM} claim, else its {@code jti}.
     *
     * @param claims the verified access token's claims
     * @return the key, or empty for a token with neither
     */
    static Optional<String> keyOf(Map<String, ?> claims) {
        if (claims.get(GRANT_ID_CLAIM) instanceof String grant && !grant.isEmpty()) {
            return Optional.of(grant);
        }
        return claims.get("jti") instanceof String jti && !jti.isEmpty() ? Optional.of(jti) : Optional.empty();
    }
}

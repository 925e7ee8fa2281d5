package io.authdesign.store;

import java.util.Objects;

/**
 * The outcome of presenting a refresh token for rotation ({@link RefreshTokenStore#rotate}) or for use
 * without rotation ({@link RefreshTokenStore#useWithoutRotation}).
 *
 * <p>There is no separate "within grace" outcome: a store keeps only hashes, so it cannot hand back the
 * value of a successor it issued earlier, and an idempotent answer would need the caller to cache token
 * responses. Instead, a used token presented again within the grace window is {@link Rotated} to a fresh
 * successor and the successor issued before is superseded (presenting it later counts as reuse), so a
 * family never has more than one live token. That covers the case the window exists for, a client that
 * lost the response to its refresh request and retries with the same token.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2">RFC 9700 section 4.14.2</a>
 */
public sealed interface RefreshRotation {

    /**
     * The presented token is now used and {@code next} replaces it. The caller then checks the binding:
     * if {@code previous.clientId()} is not the authenticated client, or {@code previous.dpopJkt()} is set
     * and is not the DPoP proof's key, the token has leaked: the caller {@linkplain
     * RefreshTokenStore#revokeFamily revokes the family} and answers {@code invalid_grant}, never
     * returning {@code next}.
     *
     * @param previous the presented token's record
     * @param next the successor's record
     */
    record Rotated(RefreshTokenRecord previous, RefreshTokenRecord next) implements RefreshRotation {
        /** Validates the components. */
        public Rotated {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * A used (or superseded) token was presented again outside the grace window: the store has revoked the
     * whole family in the same atomic step. The caller answers {@code invalid_grant} and may revoke other
     * artefacts of {@link RefreshTokenRecord#grantId()}, such as access tokens it tracks.
     *
     * @param record the presented token's record
     */
    record Reused(RefreshTokenRecord record) implements RefreshRotation {
        /** Validates the record. */
        public Reused {
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * The token's family was revoked (by reuse, {@code revokeFamily} or {@code revokeGrant}).
     *
     * @param record the presented token's record
     */
    record Revoked(RefreshTokenRecord record) implements RefreshRotation {
        /** Validates the record. */
        public Revoked {
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * The presented token is live and stays the family's live token, unchanged: only {@link
     * RefreshTokenStore#useWithoutRotation} answers this, never {@code rotate}. The caller checks the
     * binding as for {@link Rotated} before answering with the same token; a token that has not rotated has
     * not leaked by being presented, so a refused binding changes nothing.
     *
     * @param record the presented token's record (same family, same absolute expiry)
     * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1">FAPI 2.0
     *     Security Profile section 5.3.2.1</a>
     */
    record Kept(RefreshTokenRecord record) implements RefreshRotation {
        /** Validates the record. */
        public Kept {
            Objects.requireNonNull(record, "record");
        }
    }

    /** The token was never issued, or its family has expired. */
    record Unknown() implements RefreshRotation {}
}

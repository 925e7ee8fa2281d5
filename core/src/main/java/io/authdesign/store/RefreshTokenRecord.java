package io.authdesign.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One refresh token of a family: the token first issued for a grant and every token rotation put in its
 * place share the family, the grant, the client, the subject, the scopes and the family's absolute
 * expiry. The token itself is kept only as its hash. Build the first of a family with {@link #builder()};
 * rotation makes the others with {@link #successor}.
 *
 * @param tokenHash the token's {@link OrderedTokens#key key}: its time prefix, if it has one, and its SHA-256 hash
 * @param familyId the family, revoked as a whole when a used token is presented again
 * @param grantId the grant the family came from (an authorization code or device code redemption)
 * @param clientId the client the token was issued to (RFC 6749 section 6)
 * @param subject the user
 * @param scopes the granted scopes
 * @param authTime when the user authenticated, carried into refreshed ID tokens
 * @param dpopJkt the DPoP key thumbprint the token is bound to (RFC 9449 section 5), or {@code null}
 * @param issuedAt when this token was issued
 * @param expiresAt the family's absolute expiry; rotation keeps it, so refreshing never extends a grant
 * @param resources the resource indicators the grant is for (RFC 8707 section 2.2): a refresh may ask an
 *     access token for one of them; empty when the grant named none
 * @param sid the OpenID Connect session id the grant was made in, carried into refreshed ID tokens
 *     (Back-Channel Logout 1.0 section 2.1), or {@code null}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2">RFC 9700 section 4.14.2</a>
 */
public record RefreshTokenRecord(
        String tokenHash,
        String familyId,
        String grantId,
        String clientId,
        String subject,
        Set<String> scopes,
        Instant authTime,
        String dpopJkt,
        Instant issuedAt,
        Instant expiresAt,
        Set<String> resources,
        String sid) {

    /** Validates the components and copies the scopes and resources. */
    public RefreshTokenRecord {
        resources = Set.copyOf(resources);
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Starts the first token of a family. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The token that replaces this one: same family, grant, client, subject, scopes, {@code auth_time},
     * DPoP binding, absolute expiry, resources and session id.
     *
     * @param newToken the new token (hashed here)
     * @param now when it is issued
     */
    public RefreshTokenRecord successor(String newToken, Instant now) {
        return new RefreshTokenRecord(
                OrderedTokens.key(newToken),
                familyId,
                grantId,
                clientId,
                subject,
                scopes,
                authTime,
                dpopJkt,
                now,
                expiresAt,
                resources,
                sid);
    }

    /** Whether the family's absolute lifetime is over at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "RefreshTokenRecord[familyId=" + familyId + ", grantId=" + grantId + ", clientId=" + clientId
                + ", subject=" + subject + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }

    /** Builds the first {@link RefreshTokenRecord} of a family; {@link #token(String)} hashes the token. */
    public static final class Builder {

        private String tokenHash;
        private String familyId;
        private String grantId;
        private String clientId;
        private String subject;
        private Set<String> scopes = Set.of();
        private Instant authTime;
        private String dpopJkt;
        private Instant issuedAt;
        private Instant expiresAt;
        private Set<String> resources = Set.of();
        private String sid;

        private Builder() {}

        /** Sets the token, kept only as its hash. */
        public Builder token(String token) {
            this.tokenHash = OrderedTokens.key(token);
            return this;
        }

        /** Sets the family. */
        public Builder familyId(String value) {
            this.familyId = value;
            return this;
        }

        /** Sets the grant. */
        public Builder grantId(String value) {
            this.grantId = value;
            return this;
        }

        /** Sets the client. */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /** Sets the user. */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /** Sets the granted scopes. */
        public Builder scopes(Set<String> value) {
            this.scopes = value;
            return this;
        }

        /** Sets when the user authenticated. */
        public Builder authTime(Instant value) {
            this.authTime = value;
            return this;
        }

        /** Binds the family to a DPoP key thumbprint. */
        public Builder dpopJkt(String value) {
            this.dpopJkt = value;
            return this;
        }

        /** Sets when the token is issued and when the family expires. */
        public Builder lifetime(Instant issued, Instant familyExpires) {
            this.issuedAt = issued;
            this.expiresAt = familyExpires;
            return this;
        }

        /** Sets the resource indicators the grant is for (RFC 8707). */
        public Builder resources(Set<String> value) {
            this.resources = value;
            return this;
        }

        /** Sets the OpenID Connect session id the grant was made in. */
        public Builder sid(String value) {
            this.sid = value;
            return this;
        }

        /** Builds the record. */
        public RefreshTokenRecord build() {
            return new RefreshTokenRecord(
                    tokenHash, familyId, grantId, clientId, subject, scopes, authTime, dpopJkt, issuedAt, expiresAt,
                    resources, sid);
        }
    }
}

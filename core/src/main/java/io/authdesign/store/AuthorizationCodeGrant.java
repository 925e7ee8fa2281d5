package io.authdesign.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What an authorization code stands for, kept from the authorization request to the token request that
 * redeems it. The code itself is kept only as its hash. Build one with {@link #builder()}.
 *
 * @param codeHash the {@link TokenHashes#sha256 SHA-256 hash} of the code
 * @param clientId the client the code was issued to (RFC 6749 section 4.1.3)
 * @param redirectUri the {@code redirect_uri} of the authorization request, or {@code null} if it had none;
 *     the token request must repeat it exactly when present
 * @param subject the user who authorised
 * @param scopes the granted scopes
 * @param codeChallenge the PKCE {@code code_challenge}, or {@code null}
 * @param codeChallengeMethod the PKCE {@code code_challenge_method}, or {@code null}
 * @param nonce the OpenID Connect {@code nonce}, or {@code null}
 * @param authTime when the user authenticated (OpenID Connect {@code auth_time})
 * @param acr the authentication context class reference achieved, or {@code null}
 * @param claimsRequest the OpenID Connect {@code claims} request parameter as JSON, or {@code null}
 * @param dpopJkt the DPoP key thumbprint the code is bound to (RFC 9449 section 10), or {@code null}
 * @param grantId identifies everything issued from this code, to revoke it all when the code is replayed
 * @param createdAt when the code was issued
 * @param expiresAt when the code stops being redeemable; a used code is remembered until then
 * @param resources the resource indicators the authorization request named (RFC 8707 section 2.1), which
 *     bound the audiences of the access tokens issued from the code; empty when it named none
 * @param sid the OpenID Connect session id of the sign-in session the code was issued in ({@code sid} of
 *     its ID tokens, Back-Channel Logout 1.0 section 2.1), or {@code null} when there is none
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7636#section-4.4">RFC 7636 section 4.4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8707#section-2.1">RFC 8707 section 2.1</a>
 */
public record AuthorizationCodeGrant(
        String codeHash,
        String clientId,
        String redirectUri,
        String subject,
        Set<String> scopes,
        String codeChallenge,
        String codeChallengeMethod,
        String nonce,
        Instant authTime,
        String acr,
        String claimsRequest,
        String dpopJkt,
        String grantId,
        Instant createdAt,
        Instant expiresAt,
        Set<String> resources,
        String sid) {

    /** Validates the components and copies the scopes and resources. */
    public AuthorizationCodeGrant {
        resources = Set.copyOf(resources);
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("An authorization code must expire after it is created");
        }
        if ((codeChallenge == null) != (codeChallengeMethod == null)) {
            throw new IllegalArgumentException("codeChallenge and codeChallengeMethod go together");
        }
    }

    /** Starts a grant. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the code can no longer be redeemed at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AuthorizationCodeGrant[clientId=" + clientId + ", subject=" + subject + ", scopes=" + scopes
                + ", grantId=" + grantId + ", expiresAt=" + expiresAt + "]";
    }

    /** Builds an {@link AuthorizationCodeGrant}; {@link #code(String)} hashes the code. */
    public static final class Builder {

        private String codeHash;
        private String clientId;
        private String redirectUri;
        private String subject;
        private Set<String> scopes = Set.of();
        private String codeChallenge;
        private String codeChallengeMethod;
        private String nonce;
        private Instant authTime;
        private String acr;
        private String claimsRequest;
        private String dpopJkt;
        private String grantId;
        private Instant createdAt;
        private Instant expiresAt;
        private Set<String> resources = Set.of();
        private String sid;

        private Builder() {}

        /** Sets the code, kept only as its hash. */
        public Builder code(String code) {
            this.codeHash = TokenHashes.sha256(code);
            return this;
        }

        /** Sets the client. */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /** Sets the authorization request's {@code redirect_uri}, or {@code null} if it had none. */
        public Builder redirectUri(String value) {
            this.redirectUri = value;
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

        /** Sets the PKCE challenge and its method. */
        public Builder codeChallenge(String challenge, String method) {
            this.codeChallenge = challenge;
            this.codeChallengeMethod = method;
            return this;
        }

        /** Sets the OpenID Connect nonce. */
        public Builder nonce(String value) {
            this.nonce = value;
            return this;
        }

        /** Sets when the user authenticated. */
        public Builder authTime(Instant value) {
            this.authTime = value;
            return this;
        }

        /** Sets the achieved authentication context class. */
        public Builder acr(String value) {
            this.acr = value;
            return this;
        }

        /** Sets the OpenID Connect {@code claims} request as JSON. */
        public Builder claimsRequest(String value) {
            this.claimsRequest = value;
            return this;
        }

        /** Binds the code to a DPoP key thumbprint. */
        public Builder dpopJkt(String value) {
            this.dpopJkt = value;
            return this;
        }

        /** Sets the grant id shared by everything issued from this code. */
        public Builder grantId(String value) {
            this.grantId = value;
            return this;
        }

        /** Sets when the code was issued and when it expires. */
        public Builder lifetime(Instant created, Instant expires) {
            this.createdAt = created;
            this.expiresAt = expires;
            return this;
        }

        /** Sets the resource indicators of the authorization request (RFC 8707). */
        public Builder resources(Set<String> value) {
            this.resources = value;
            return this;
        }

        /** Sets the OpenID Connect session id of the sign-in session the code is issued in. */
        public Builder sid(String value) {
            this.sid = value;
            return this;
        }

        /** Builds the grant. */
        public AuthorizationCodeGrant build() {
            return new AuthorizationCodeGrant(
                    codeHash,
                    clientId,
                    redirectUri,
                    subject,
                    scopes,
                    codeChallenge,
                    codeChallengeMethod,
                    nonce,
                    authTime,
                    acr,
                    claimsRequest,
                    dpopJkt,
                    grantId,
                    createdAt,
                    expiresAt,
                    resources,
                    sid);
        }
    }
}

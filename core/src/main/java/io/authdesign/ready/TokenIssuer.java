package io.authdesign.ready;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.OrderedTokens;
import io.authdesign.store.RefreshTokenRecord;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.GrantType;
import io.authdesign.token.TokenContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issues the tokens of a user grant: an RFC 9068 access token for the granted scopes, a refresh token (a
 * new family) when the client may refresh, and an ID token when {@code openid} was granted in an OIDC
 * flow.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.1">RFC 6749 section 5.1</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#TokenResponse">OpenID Connect Core
 *     section 3.1.3.3</a>
 */
final class TokenIssuer {

    private final RefreshTokenStore refreshTokens;
    private final UserAccounts users;
    private final Duration refreshTokenTtl;
    private final Clock clock;
    private final SecureRandom random;
    private final ReadyTokenLifecycle lifecycle;
    private final Fapi2Profile fapi2;

    TokenIssuer(
            RefreshTokenStore refreshTokens,
            UserAccounts users,
            Duration refreshTokenTtl,
            Clock clock,
            SecureRandom random,
            ReadyTokenLifecycle lifecycle,
            Fapi2Profile fapi2) {
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.refreshTokenTtl = refreshTokenTtl;
        this.clock = clock;
        this.random = random;
        this.lifecycle = lifecycle;
        this.fapi2 = fapi2;
    }

    /**
     * Revokes the access tokens already issued from a grant (a reused code or refresh token), when the flow
     * has a {@link ReadyTokenLifecycle}; its refresh tokens are the caller's to revoke.
     */
    void revokeAccessTokens(String grantId) {
        if (lifecycle != null) {
            lifecycle.revokeAccessTokens(grantId);
        }
    }

    /**
     * What a grant gives. {@code audience} is the resource indicators the access token is for (its
     * {@code aud}, RFC 8707; empty for the flow's default audience); {@code resources} those the grant is
     * for, kept with its refresh tokens; {@code sid} the sign-in session it was made in, or {@code null}.
     */
    record Grant(
            String subject,
            Set<String> scopes,
            Instant authTime,
            String nonce,
            String acr,
            String claimsRequest,
            String grantId,
            Set<String> audience,
            Set<String> resources,
            String sid) {}

    /** Reports an event when the flow has a {@link ReadyTokenLifecycle}. */
    void publish(io.authdesign.observe.AuthEvent event) {
        if (lifecycle != null) {
            lifecycle.publish(event);
        }
    }

    /** Issues the tokens of a new grant (a code or a device approval). */
    OAuth2TokenResponse issue(TokenContext ctx, RegisteredClient client, Grant grant) {
        OAuth2TokenResponse response = tokens(ctx, client, grant, grant.nonce());
        if (client.allowsGrantType(GrantType.REFRESH_TOKEN.value())) {
            Instant now = clock.instant();
            String refreshToken = refreshToken(now);
            refreshTokens.save(RefreshTokenRecord.builder()
                    .token(refreshToken)
                    .familyId(randomToken())
                    .grantId(grant.grantId())
                    .clientId(client.clientId())
                    .subject(grant.subject())
                    .scopes(grant.scopes())
                    .authTime(grant.authTime())
                    .dpopJkt(client.isPublic() ? ctx.dpopJkt().orElse(null) : null)
                    .resources(grant.resources())
                    .sid(grant.sid())
                    .lifetime(now, now.plus(refreshTokenTtl))
                    .build());
            response.setRefreshToken(refreshToken);
        }
        return response;
    }

    /** The access token, and the ID token for OIDC, of a grant; no nonce on refresh. */
    OAuth2TokenResponse tokens(TokenContext ctx, RegisteredClient client, Grant grant, String nonce) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", grant.subject());
        claims.put(GrantRevocationStore.GRANT_ID_CLAIM, grant.grantId());
        if (!grant.scopes().isEmpty()) {
            claims.put("scope", String.join(" ", grant.scopes()));
        }
        // RFC 9068 section 2.2.1: the user's authentication, which also marks the token as a user's grant
        if (grant.authTime() != null) {
            claims.put("auth_time", grant.authTime().getEpochSecond());
        }
        if (grant.acr() != null) {
            claims.put("acr", grant.acr());
        }
        audience(grant.audience()).ifPresent(aud -> claims.put("aud", aud));
        if (fapi2.appliesTo(client)) {
            // FAPI 2.0 section 5.4.1: the resources then accept proofs of PS256, ES256 and EdDSA only
            claims.put(DPoPToken.FAPI2_CLAIM, true);
        }
        Set<String> userinfoClaims = StandardClaims.requested(grant.claimsRequest(), "userinfo");
        if (!userinfoClaims.isEmpty()) {
            // the claims parameter's userinfo part travels with the token to the userinfo endpoint
            claims.put(StandardClaims.USERINFO_CLAIMS, List.copyOf(userinfoClaims));
        }
        String accessToken = ctx.createJwtAccessToken(claims).token();
        OAuth2TokenResponse response = new OAuth2TokenResponse(accessToken)
                .setTokenType(ctx.tokenType())
                .setExpiresIn(ctx.ttl());
        if (!grant.scopes().isEmpty()) {
            response.setScope(List.copyOf(grant.scopes()));
        }
        if (grant.scopes().contains("openid") && ctx.jwt().issuesIdTokens()) {
            Map<String, Object> idClaims = new LinkedHashMap<>(StandardClaims.release(
                    grant.scopes(), users.claims(grant.subject()), grant.claimsRequest(), "id_token"));
            idClaims.put("sub", grant.subject());
            idClaims.put("auth_time", grant.authTime().getEpochSecond());
            if (nonce != null) {
                idClaims.put("nonce", nonce);
            }
            if (grant.acr() != null) {
                idClaims.put("acr", grant.acr());
            }
            if (grant.sid() != null && client.settings().backchannelLogoutUri() != null) {
                // Back-Channel Logout 1.0 sections 2.1 and 2.4: the session the logout token will name, for a
                // client that receives logout tokens; no other client's ID token names the session
                idClaims.put("sid", grant.sid());
            }
            response.setIdToken(ctx.jwt()
                    .createIdToken(ctx.clientId(), idClaims, accessToken, idTokenAlgorithm(ctx, client))
                    .token());
        }
        return response;
    }

    /**
     * The {@code aud} of an access token for these resource indicators (RFC 8707 section 2): one string, a
     * sorted array for several; empty for the flow's default audience.
     */
    static Optional<Object> audience(Set<String> resources) {
        if (resources.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                resources.size() == 1
                        ? resources.iterator().next()
                        : new TreeSet<>(resources).stream().toList());
    }

    /**
     * The client's registered {@code id_token_signed_response_alg}, or the flow's default (OpenID Connect
     * Dynamic Client Registration 1.0 section 2). A client registered for an algorithm the flow does not
     * sign with is a configuration fault, refused when signing.
     */
    private static SigningAlgorithm idTokenAlgorithm(TokenContext ctx, RegisteredClient client) {
        String registered = client.settings().idTokenSignedResponseAlg();
        return registered != null
                ? SigningAlgorithm.of(registered)
                : ctx.jwt().idTokenAlgorithms().get(0);
    }

    /** A new refresh token: its issue time first, so that stores index it in order ({@link OrderedTokens}). */
    String refreshToken(Instant now) {
        return OrderedTokens.generate(now, random);
    }

    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

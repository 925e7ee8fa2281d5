package io.authdesign.ready;

import io.authdesign.authorize.AuthorizationContext;
import io.authdesign.authorize.AuthorizationRequest;
import io.authdesign.authorize.AuthorizationResult;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionGrant;
import io.authdesign.store.SessionStore;
import io.authdesign.store.UserSession;
import io.authdesign.token.ResponseTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer of the ready flow to an implicit request after sign-in and consent (OpenID Connect Core 1.0
 * section 3.2.2.5): an ID token with {@code nonce}, {@code auth_time}, {@code acr} and {@code sid} as the code
 * flow's, and for {@code id_token token} a Bearer access token that the ID token's {@code at_hash} binds
 * (section 3.2.2.10). No code and no refresh token (RFC 6749 section 4.2.2). The grant is recorded in the
 * sign-in session, so that logout revokes its access token as it revokes a code grant's.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ImplicitAuthResponse">OpenID Connect
 *     Core 1.0 section 3.2.2.5</a>
 */
final class ImplicitResponse {

    /**
     * The type of the implicit flow's access tokens: no DPoP proof reaches the authorization endpoint, so
     * they cannot be sender-constrained (RFC 9700 section 2.1.2).
     */
    static final String BEARER = "Bearer";

    private final SessionStore sessions;
    private final UserAccounts users;
    private final TokenIssuer issuer;

    ImplicitResponse(SessionStore sessions, UserAccounts users, TokenIssuer issuer) {
        this.sessions = sessions;
        this.users = users;
        this.issuer = issuer;
    }

    /**
     * The tokens of a consented implicit request.
     *
     * @param consentedClaims the claims of the {@code claims} parameter the user consented to
     */
    AuthorizationResult respond(
            AuthorizationContext ctx,
            RegisteredClient client,
            UserSession session,
            Set<String> scopes,
            Set<String> consentedClaims) {
        AuthorizationRequest request = ctx.request();
        JwtHelpers jwt = ctx.jwt();
        if (!jwt.issuesIdTokens()) {
            throw new IllegalStateException("The implicit response types need a flow that signs ID tokens");
        }
        String grantId = issuer.randomToken();
        String claimsRequest = request.claims()
                .map(json -> StandardClaims.restrict(json, consentedClaims))
                .orElse(null);
        // recorded before the tokens are handed out, so that a logout racing the response finds the grant
        sessions.recordGrant(session, new SessionGrant(client.clientId(), grantId, false));
        Optional<String> accessToken = request.responseType().equals(ResponseTypes.ID_TOKEN_TOKEN)
                ? Optional.of(accessToken(jwt, request, session, scopes, claimsRequest, grantId))
                : Optional.empty();
        String idToken = jwt.createIdToken(
                        client.clientId(),
                        idTokenClaims(request, client, session, scopes, claimsRequest, accessToken.isEmpty()),
                        accessToken.orElse(null),
                        idTokenAlgorithm(jwt, client))
                .token();
        Optional<String> grantedScope = Optional.of(String.join(" ", scopes))
                .filter(granted -> !request.scope().equals(scopes));
        return AuthorizationResult.tokens(new AuthorizationResult.Tokens(
                idToken,
                accessToken,
                accessToken.map(token -> BEARER),
                accessToken.map(token -> jwt.tokenTtl()),
                accessToken.isPresent() ? grantedScope : Optional.empty()));
    }

    /** An RFC 9068 access token with the claims of the code flow's ({@link TokenIssuer}). */
    private static String accessToken(
            JwtHelpers jwt,
            AuthorizationRequest request,
            UserSession session,
            Set<String> scopes,
            String claimsRequest,
            String grantId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", session.subject());
        claims.put(GrantRevocationStore.GRANT_ID_CLAIM, grantId);
        claims.put("scope", String.join(" ", scopes));
        claims.put("auth_time", session.authTime().getEpochSecond()); // marks a user's grant (RFC 9068 2.2.1)
        if (session.acr() != null) {
            claims.put("acr", session.acr());
        }
        request.resource()
                .flatMap(resource -> TokenIssuer.audience(Set.of(resource)))
                .ifPresent(aud -> claims.put("aud", aud));
        Set<String> userinfoClaims = StandardClaims.requested(claimsRequest, "userinfo");
        if (!userinfoClaims.isEmpty()) {
            claims.put(StandardClaims.USERINFO_CLAIMS, List.copyOf(userinfoClaims));
        }
        return jwt.createJwtAccessToken(request.clientId(), String.join(" ", scopes), claims)
                .token();
    }

    /**
     * The ID token's claims; without an access token (OpenID Connect Core 1.0 section 5.4) the user claims of
     * the scopes and those the {@code claims} parameter asks of userinfo are in the ID token, since no
     * userinfo request can fetch them.
     */
    private Map<String, Object> idTokenClaims(
            AuthorizationRequest request,
            RegisteredClient client,
            UserSession session,
            Set<String> scopes,
            String claimsRequest,
            boolean withoutAccessToken) {
        Map<String, Object> userClaims = users.claims(session.subject());
        Map<String, Object> claims = new LinkedHashMap<>();
        if (withoutAccessToken) {
            claims.putAll(StandardClaims.release(scopes, userClaims, claimsRequest, "userinfo"));
        }
        claims.putAll(StandardClaims.release(scopes, userClaims, claimsRequest, "id_token"));
        claims.put("sub", session.subject());
        claims.put("auth_time", session.authTime().getEpochSecond());
        claims.put("nonce", request.nonce().orElseThrow()); // required for these response types
        if (session.acr() != null) {
            claims.put("acr", session.acr());
        }
        if (session.sid() != null && client.settings().backchannelLogoutUri() != null) {
            // Back-Channel Logout 1.0 sections 2.1 and 2.4: as in the code flow's ID tokens, only a client that
            // receives logout tokens learns the session's id
            claims.put("sid", session.sid());
        }
        return claims;
    }

    /** The client's {@code id_token_signed_response_alg}, or the flow's default, as for the code flow. */
    private static SigningAlgorithm idTokenAlgorithm(JwtHelpers jwt, RegisteredClient client) {
        String registered = client.settings().idTokenSignedResponseAlg();
        return registered != null
                ? SigningAlgorithm.of(registered)
                : jwt.idTokenAlgorithms().get(0);
    }
}

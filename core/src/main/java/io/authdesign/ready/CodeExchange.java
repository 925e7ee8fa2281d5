package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.TokenResult;
import io.authdesign.http.HttpRequest;
import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.CodeRedemption;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.SessionStore;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.ResourceIndicators;
import java.util.Optional;

/**
 * The code exchange half of the ready authorization code flow, behind the token endpoint: the client is
 * verified, the code consumed once (a reused code revokes what its first redemption issued), its bindings
 * checked ({@link CodeBindings}), and the grant's tokens issued.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3">RFC 6749 section 4.1.3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.5">RFC 9700 section 4.5</a>
 */
final class CodeExchange {

    private final AuthorizationCodeStore codes;
    private final RefreshTokenStore refreshTokens;
    private final ClientVerifier verifier;
    private final TokenIssuer issuer;
    private final SessionStore sessions;

    CodeExchange(
            AuthorizationCodeStore codes,
            RefreshTokenStore refreshTokens,
            ClientVerifier verifier,
            TokenIssuer issuer,
            SessionStore sessions) {
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.verifier = verifier;
        this.issuer = issuer;
        this.sessions = sessions;
    }

    TokenResult exchangeCode(AuthorizationCodeTokenContext ctx, HttpRequest http) {
        ClientVerifier.Outcome outcome = verifier.verify(ctx);
        if (outcome instanceof ClientVerifier.Refused refused) {
            return refused.error();
        }
        RegisteredClient client = ((ClientVerifier.Verified) outcome).client();
        return switch (codes.consume(ctx.code())) {
            case CodeRedemption.Unknown unknown -> invalidGrant("The authorization code is invalid or expired");
            case CodeRedemption.AlreadyRedeemed reused -> {
                refreshTokens.revokeGrant(reused.grant().grantId());
                issuer.revokeAccessTokens(reused.grant().grantId());
                yield invalidGrant("The authorization code was already used");
            }
            case CodeRedemption.Redeemed redeemed -> redeem(ctx, client, redeemed.grant());
        };
    }

    private TokenResult redeem(
            AuthorizationCodeTokenContext ctx, RegisteredClient client, AuthorizationCodeGrant grant) {
        Optional<OAuth2Error> unbound = CodeBindings.check(grant, ctx);
        if (unbound.isPresent()) {
            return unbound.get();
        }
        if (endedWithSession(grant)) {
            return invalidGrant("The sign-in session of the authorization code has ended");
        }
        Optional<String> asked = ctx.request().parameter(ResourceIndicators.PARAMETER);
        if (!(ResourceIndicators.select(asked, grant.resources(), client.resources())
                instanceof ResourceIndicators.Selection.Selected selected)) {
            return ResourceIndicators.NOT_ALLOWED;
        }
        return issuer.issue(
                ctx,
                client,
                new TokenIssuer.Grant(
                        grant.subject(),
                        grant.scopes(),
                        grant.authTime(),
                        grant.nonce(),
                        grant.acr(),
                        grant.claimsRequest(),
                        grant.grantId(),
                        selected.resources(),
                        grant.resources().isEmpty() ? selected.resources() : grant.resources(),
                        grant.sid()));
    }

    /**
     * A code issued in a sign-in session that has since ended (logout) is not redeemed, or its tokens would
     * outlive the logout that revoked the session's grants; an {@code offline_access} grant survives logout
     * (OpenID Connect Core 1.0 section 11), so its code does too.
     */
    private boolean endedWithSession(AuthorizationCodeGrant grant) {
        return grant.sid() != null
                && !grant.scopes().contains(ReadyLogout.OFFLINE_ACCESS)
                && !sessions.isActive(grant.sid());
    }

    private static OAuth2Error invalidGrant(String description) {
        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, description);
    }
}

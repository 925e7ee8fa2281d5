package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.http.HttpRequest;
import io.authdesign.observe.AuthEvent;
import io.authdesign.store.RefreshRotation;
import io.authdesign.store.RefreshTokenRecord;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.RefreshTokenContext;
import io.authdesign.token.ResourceIndicators;
import io.authdesign.token.Scopes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The ready refresh handler shared by the ready flows: the client is verified, the token must be live and
 * issued to it, the scope may only narrow, and the token rotates (a reused token revokes its family). A
 * token this store does not know is {@link TokenResult#CONTINUE}, so that another flow may know it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14">RFC 9700 section 4.14</a>
 */
final class RefreshGrant {

    private final RefreshTokenStore refreshTokens;
    private final ClientVerifier verifier;
    private final TokenIssuer issuer;
    private final Duration graceWindow;
    private final Clock clock;

    RefreshGrant(
            RefreshTokenStore refreshTokens,
            ClientVerifier verifier,
            TokenIssuer issuer,
            Duration graceWindow,
            Clock clock) {
        this.refreshTokens = refreshTokens;
        this.verifier = verifier;
        this.issuer = issuer;
        this.graceWindow = graceWindow;
        this.clock = clock;
    }

    TokenResult refresh(RefreshTokenContext ctx, HttpRequest http) {
        Optional<RefreshTokenRecord> current = refreshTokens.find(ctx.refreshToken());
        ClientVerifier.Outcome outcome = verifier.verify(ctx);
        if (outcome instanceof ClientVerifier.Refused refused) {
            return current.isEmpty() ? TokenResult.CONTINUE : refused.error();
        }
        RegisteredClient client = ((ClientVerifier.Verified) outcome).client();
        Optional<String> resource = ctx.request().parameter(ResourceIndicators.PARAMETER);
        if (current.isPresent() && !boundKeyMatches(current.get(), ctx)) {
            return invalidGrant("The refresh token is bound to another DPoP key");
        }
        if (current.isPresent() && !current.get().clientId().equals(ctx.clientId())) {
            return invalidGrant("The refresh token was issued to another client"); // refused, nothing changed
        }
        Optional<Set<String>> asked = ctx.scope().map(Scopes::parse);
        if (current.isPresent() && !current.get().scopes().containsAll(asked.orElse(Set.of()))) {
            return OAuth2Error.of(OAuth2ErrorCode.INVALID_SCOPE, "The scope exceeds the original grant");
        }
        if (current.isPresent() && audience(current.get(), client, resource).isEmpty()) {
            return ResourceIndicators.NOT_ALLOWED; // refused before rotating: the client keeps its token
        }
        String next = issuer.randomToken();
        // Signed before the rotation: once the rotation is stored nothing may fail, or a store outage while
        // signing would leave the family rotated to a token the client never received, and the client's
        // retry with the token it holds would revoke the family as reused.
        OAuth2TokenResponse signed = current.map(record -> issuer.tokens(
                        ctx,
                        client,
                        grant(
                                record,
                                asked.orElse(record.scopes()),
                                audience(record, client, resource).orElseThrow()),
                        null))
                .orElse(null);
        return switch (refreshTokens.rotate(ctx.refreshToken(), next, clock.instant(), graceWindow)) {
            case RefreshRotation.Rotated rotated -> {
                RefreshTokenRecord record = rotated.next();
                Set<String> requested = asked.orElse(record.scopes());
                Optional<Set<String>> audience = audience(rotated.previous(), client, resource);
                if (!rotated.previous().clientId().equals(ctx.clientId())
                        || !boundKeyMatches(rotated.previous(), ctx)
                        || !rotated.previous().scopes().containsAll(requested)
                        || audience.isEmpty()) {
                    refreshTokens.revokeFamily(record.familyId());
                    issuer.revokeAccessTokens(record.grantId());
                    yield invalidGrant("The refresh token does not belong to this client, key, scope or resource");
                }
                boolean signedForThisGrant = signed != null
                        && current.get().grantId().equals(record.grantId())
                        && current.get().subject().equals(record.subject())
                        && current.get().scopes().equals(record.scopes())
                        && current.get().resources().equals(record.resources());
                OAuth2TokenResponse tokens = signedForThisGrant
                        ? signed
                        : issuer.tokens(ctx, client, grant(record, requested, audience.get()), null);
                yield tokens.setRefreshToken(next);
            }
            case RefreshRotation.Reused reused -> {
                // RFC 7009 section 2.1: the grant's access tokens go with its refresh tokens
                issuer.revokeAccessTokens(reused.record().grantId());
                issuer.publish(new AuthEvent.RefreshReuseDetected(
                        ctx.clientId(), reused.record().grantId()));
                yield invalidGrant("The refresh token was already used");
            }
            case RefreshRotation.Revoked revoked -> invalidGrant("The refresh token was revoked");
            case RefreshRotation.Unknown unknown -> TokenResult.CONTINUE;
        };
    }

    private static TokenIssuer.Grant grant(RefreshTokenRecord record, Set<String> scopes, Set<String> audience) {
        return new TokenIssuer.Grant(
                record.subject(),
                scopes,
                record.authTime(),
                null,
                null,
                null,
                record.grantId(),
                audience,
                record.resources(),
                record.sid());
    }

    /**
     * RFC 8707 section 2.2: the access token's resources, one of the grant's (or, when it named none, one
     * the client may use) when the refresh names one; empty when it may not.
     */
    private static Optional<Set<String>> audience(
            RefreshTokenRecord record, RegisteredClient client, Optional<String> resource) {
        return ResourceIndicators.select(resource, record.resources(), client.resources())
                        instanceof ResourceIndicators.Selection.Selected selected
                ? Optional.of(selected.resources())
                : Optional.empty();
    }

    /** RFC 9449 section 5: a refresh token bound to a DPoP key needs a proof with that key. */
    private static boolean boundKeyMatches(RefreshTokenRecord record, RefreshTokenContext ctx) {
        return record.dpopJkt() == null
                || ctx.dpopJkt().filter(record.dpopJkt()::equals).isPresent();
    }

    private static OAuth2Error invalidGrant(String description) {
        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, description);
    }
}

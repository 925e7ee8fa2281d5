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
 * <p>Tokens do not rotate, and the response carries the same refresh token (same family, same absolute
 * expiry), for a client of the FAPI 2.0 profile (section 5.3.2.1 forbids rotation) and, when the flow turns
 * rotation off, for every client whose token is sender-constrained: a confidential client, which must
 * authenticate to use it, or a token bound to a DPoP key. A public client's unbound token keeps rotating
 * whatever the setting (RFC 9700 section 4.14.2: one of the two, always).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14">RFC 9700 section 4.14</a>
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1">FAPI 2.0
 *     Security Profile section 5.3.2.1</a>
 */
final class RefreshGrant {

    private final RefreshTokenStore refreshTokens;
    private final ClientVerifier verifier;
    private final TokenIssuer issuer;
    private final Duration graceWindow;
    private final boolean rotation;
    private final Fapi2Profile fapi2;
    private final Clock clock;

    /**
     * @param rotation whether tokens rotate; when off, only a public client's token not bound to a DPoP key
     *     does
     * @param fapi2 the profile, whose clients' tokens never rotate
     */
    RefreshGrant(
            RefreshTokenStore refreshTokens,
            ClientVerifier verifier,
            TokenIssuer issuer,
            Duration graceWindow,
            boolean rotation,
            Fapi2Profile fapi2,
            Clock clock) {
        this.refreshTokens = refreshTokens;
        this.verifier = verifier;
        this.issuer = issuer;
        this.graceWindow = graceWindow;
        this.rotation = rotation;
        this.fapi2 = fapi2;
        this.clock = clock;
    }

    /**
     * Whether the presented token rotates: always, unless the client is of the FAPI 2.0 profile or rotation
     * is off; and always for a public client's token that no DPoP key constrains (RFC 9700 section 4.14.2).
     */
    private boolean rotates(RegisteredClient client, Optional<RefreshTokenRecord> current) {
        if (rotation && !fapi2.appliesTo(client)) {
            return true;
        }
        return client.isPublic()
                && current.map(record -> record.dpopJkt() == null).orElse(true);
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
        if (!rotates(client, current)) {
            return keep(ctx, client, current, asked, resource);
        }
        String next = issuer.refreshToken(clock.instant());
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
            case RefreshRotation.Reused reused -> reused(ctx, reused);
            case RefreshRotation.Revoked revoked -> invalidGrant("The refresh token was revoked");
            case RefreshRotation.Unknown unknown -> TokenResult.CONTINUE;
            case RefreshRotation.Kept kept -> throw new IllegalStateException("rotate kept the token");
        };
    }

    /**
     * Answers with new access and ID tokens and the same refresh token, which stays live. The store's
     * atomic {@code useWithoutRotation} comes after signing, as the rotation does, so that a revocation
     * that completed before it is honoured; a token presented after it rotated is reuse.
     */
    private TokenResult keep(
            RefreshTokenContext ctx,
            RegisteredClient client,
            Optional<RefreshTokenRecord> current,
            Optional<Set<String>> asked,
            Optional<String> resource) {
        OAuth2TokenResponse signed = current.map(record -> issuer.tokens(
                        ctx,
                        client,
                        grant(
                                record,
                                asked.orElse(record.scopes()),
                                audience(record, client, resource).orElseThrow()),
                        null))
                .orElse(null);
        return switch (refreshTokens.useWithoutRotation(ctx.refreshToken(), clock.instant())) {
            case RefreshRotation.Kept kept -> {
                RefreshTokenRecord record = kept.record();
                Set<String> requested = asked.orElse(record.scopes());
                Optional<Set<String>> audience = audience(record, client, resource);
                if (!record.clientId().equals(ctx.clientId())
                        || !boundKeyMatches(record, ctx)
                        || !record.scopes().containsAll(requested)
                        || audience.isEmpty()) {
                    // not rotated, so not leaked by this request: refused, nothing changed
                    yield invalidGrant("The refresh token does not belong to this client, key, scope or resource");
                }
                OAuth2TokenResponse tokens = signed != null && current.get().equals(record)
                        ? signed
                        : issuer.tokens(ctx, client, grant(record, requested, audience.get()), null);
                yield tokens.setRefreshToken(ctx.refreshToken());
            }
            case RefreshRotation.Reused reused -> reused(ctx, reused);
            case RefreshRotation.Revoked revoked -> invalidGrant("The refresh token was revoked");
            case RefreshRotation.Unknown unknown -> TokenResult.CONTINUE;
            case RefreshRotation.Rotated rotated -> throw new IllegalStateException("useWithoutRotation rotated");
        };
    }

    private OAuth2Error reused(RefreshTokenContext ctx, RefreshRotation.Reused reused) {
        // RFC 7009 section 2.1: the grant's access tokens go with its refresh tokens
        issuer.revokeAccessTokens(reused.record().grantId());
        issuer.publish(new AuthEvent.RefreshReuseDetected(
                ctx.clientId(), reused.record().grantId()));
        return invalidGrant("The refresh token was already used");
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

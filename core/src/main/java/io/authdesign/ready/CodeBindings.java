package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.Pkce;
import java.util.Optional;

/**
 * What an authorization code is bound to, checked when it is redeemed, one rule each: the client it was
 * issued to (RFC 6749 section 4.1.3), the {@code redirect_uri} of its request (section 4.1.3), the DPoP key
 * of {@code dpop_jkt} (RFC 9449 section 10), and its PKCE challenge (RFC 7636 section 4.6, {@link Pkce}).
 * Every failure is {@code invalid_grant}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3">RFC 6749 section 4.1.3</a>
 */
final class CodeBindings {

    private CodeBindings() {}

    /** Every binding, in order; the first broken one is the answer. */
    static Optional<OAuth2Error> check(AuthorizationCodeGrant grant, AuthorizationCodeTokenContext ctx) {
        return client(grant, ctx)
                .or(() -> redirectUri(grant, ctx))
                .or(() -> dpopKey(grant, ctx))
                .or(() -> Pkce.checkVerifier(grant.codeChallenge(), grant.codeChallengeMethod(), ctx.codeVerifier()));
    }

    /** The code was issued to this client. */
    static Optional<OAuth2Error> client(AuthorizationCodeGrant grant, AuthorizationCodeTokenContext ctx) {
        return grant.clientId().equals(ctx.clientId())
                ? Optional.empty()
                : invalidGrant("The authorization code was issued to another client");
    }

    /** A {@code redirect_uri} sent in the authorization request is sent again, identical. */
    static Optional<OAuth2Error> redirectUri(AuthorizationCodeGrant grant, AuthorizationCodeTokenContext ctx) {
        return grant.redirectUri() == null
                        || ctx.redirectUri().filter(grant.redirectUri()::equals).isPresent()
                ? Optional.empty()
                : invalidGrant("The redirect_uri does not match the authorization request");
    }

    /** A code requested with {@code dpop_jkt} is redeemed with a proof of that key. */
    static Optional<OAuth2Error> dpopKey(AuthorizationCodeGrant grant, AuthorizationCodeTokenContext ctx) {
        return grant.dpopJkt() == null
                        || ctx.dpopJkt().filter(grant.dpopJkt()::equals).isPresent()
                ? Optional.empty()
                : invalidGrant("The authorization code is bound to another DPoP key (dpop_jkt)");
    }

    private static Optional<OAuth2Error> invalidGrant(String description) {
        return Optional.of(OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, description));
    }
}

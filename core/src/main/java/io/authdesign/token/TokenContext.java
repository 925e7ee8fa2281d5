package io.authdesign.token;

import io.authdesign.client.ClientAuthenticationMethod;
import java.util.Optional;

/**
 * What every token handler context has: the grant, the client as the request identified it, and the
 * flow's token settings.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1">RFC 6749 section 3.2.1</a>
 */
public sealed interface TokenContext
        permits AuthorizationCodeTokenContext,
                ClientCredentialsTokenContext,
                DeviceCodeTokenContext,
                RefreshTokenContext {

    /** The {@code grant_type} of the request. */
    String grantType();

    /** The client identifier, from whichever authentication method the client used. */
    String clientId();

    /**
     * The client secret the client presented ({@code client_secret_basic} or {@code client_secret_post}),
     * for the handler to compare in constant time with the stored one; empty for public clients.
     */
    Optional<String> clientSecret();

    /** The client authentication method the client used. */
    ClientAuthenticationMethod clientAuthMethod();

    /** The flow's access token lifetime in seconds ({@code setTokenTTL}). */
    long ttl();

    /** The flow's token type prefix, such as {@code Bearer}, for {@code setTokenType}. */
    String tokenType();
}

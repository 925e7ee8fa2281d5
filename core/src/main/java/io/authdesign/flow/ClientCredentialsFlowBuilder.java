package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.CredentialLocation;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.TokenGrant;
import io.authdesign.token.TokenRoute;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The client credentials flow's builder methods, shared by {@link OAuth2ClientCredentialsBuilder} and
 * {@link OIDCClientCredentialsBuilder}. The grant is for confidential clients only, so the {@code none}
 * method is refused at configuration time.
 *
 * @param <B> the concrete builder
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4">RFC 6749 section 4.4</a>
 */
public abstract class ClientCredentialsFlowBuilder<B extends ClientCredentialsFlowBuilder<B>> extends FlowBuilder<B> {

    /** The default strategy name. */
    public static final String DEFAULT_STRATEGY_NAME = "oauth2-client-credentials";

    private final TokenRoute<ClientCredentialsTokenContext> tokenRoute = new TokenRoute<>((context, request) ->
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "No token handler is configured for this grant"));

    ClientCredentialsFlowBuilder(Logger logger, boolean openId) {
        super(logger, DEFAULT_STRATEGY_NAME, openId);
    }

    /**
     * Configures the token route of the {@code client_credentials} grant: path (default
     * {@code /oauth2/token}) and the {@code generateToken} handler, which receives a
     * {@link ClientCredentialsTokenContext}.
     *
     * @param configure receives the route
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.4.2">RFC 6749 section 4.4.2</a>
     */
    public B tokenRoute(Consumer<TokenRoute<ClientCredentialsTokenContext>> configure) {
        Objects.requireNonNull(configure, "configure").accept(tokenRoute);
        return self();
    }

    /** RFC 6749 section 4.4: "The client credentials grant type MUST only be used by confidential clients." */
    @Override
    void checkMethod(ClientAuthMethod method) {
        if (method.location() == CredentialLocation.CLIENT_ID_ONLY) {
            throw new IllegalArgumentException(
                    "The client credentials grant is for confidential clients: the 'none' method cannot be enabled");
        }
    }

    OAuth2Flow.Route tokenGrant() {
        return new OAuth2Flow.Route(tokenRoute.getPath(), TokenGrant.clientCredentials(tokenRoute.getGenerator()));
    }
}

package io.authdesign.server;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.flow.Scopes;
import io.authdesign.http.HttpRequest;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.GrantType;
import io.authdesign.token.TokenGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The reference server's {@code client_credentials} handler: the client must be registered, use one of
 * its own authentication methods and present its secret; the granted scope is the requested one when the
 * client may have all of it, or all the client's scopes when none is requested (RFC 6749 section 3.3).
 * Access tokens are opaque random strings.
 */
final class ClientCredentialsHandler implements TokenGenerator<ClientCredentialsTokenContext> {

    private static final OAuth2Error AUTH_FAILED =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED);

    private final Registry registry;
    private final SecretHasher secrets;
    private final SecureRandom random;

    ClientCredentialsHandler(Registry registry, SecretHasher secrets, SecureRandom random) {
        this.registry = registry;
        this.secrets = secrets;
        this.random = random;
    }

    @Override
    public TokenResult generateToken(ClientCredentialsTokenContext ctx, HttpRequest request) {
        Optional<Registry.Client> found = registry.client(ctx.clientId());
        if (found.isEmpty() || !authenticates(found.get(), ctx)) {
            return AUTH_FAILED;
        }
        Registry.Client client = found.get();
        if (!client.grantTypes().contains(GrantType.CLIENT_CREDENTIALS.value())) {
            return OAuth2Error.of(
                    OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client may not use the client_credentials grant");
        }
        Set<String> granted = ctx.scope().map(Scopes::parse).orElseGet(() -> new LinkedHashSet<>(client.scopes()));
        if (!client.scopes().containsAll(granted)) {
            return OAuth2Error.of(OAuth2ErrorCode.INVALID_SCOPE, "The requested scope is not allowed for this client");
        }
        OAuth2TokenResponse response = new OAuth2TokenResponse(newToken())
                .setTokenType(ctx.tokenType())
                .setExpiresIn(ctx.ttl());
        if (!granted.isEmpty()) {
            response.setScope(granted);
        }
        return response;
    }

    private boolean authenticates(Registry.Client client, ClientCredentialsTokenContext ctx) {
        if (client.secretHash() == null
                || !client.authMethods().contains(ctx.clientAuthMethod().value())) {
            return false;
        }
        return ctx.clientSecret()
                .filter(secret -> secrets.matches(secret, client.secretHash()))
                .isPresent();
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

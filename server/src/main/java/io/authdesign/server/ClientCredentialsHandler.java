package io.authdesign.server;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.http.HttpRequest;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.GrantType;
import io.authdesign.token.Scopes;
import io.authdesign.token.TokenGenerator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reference server's {@code client_credentials} handler: the client must be registered, use one of
 * its own authentication methods and present its secret (or an assertion the library verified against
 * its own keys or secret); the granted scope is the requested one when the client may have all of it, or
 * all the client's scopes when none is requested (RFC 6749 section 3.3). Access tokens are RFC 9068 JWTs
 * signed with the design's keys.
 */
final class ClientCredentialsHandler implements TokenGenerator<ClientCredentialsTokenContext> {

    private static final OAuth2Error AUTH_FAILED =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED);

    private final Registry registry;
    private final SecretHasher secrets;

    ClientCredentialsHandler(Registry registry, SecretHasher secrets) {
        this.registry = registry;
        this.secrets = secrets;
    }

    @Override
    public TokenResult generateToken(ClientCredentialsTokenContext ctx, HttpRequest request) {
        Optional<Registry.Client> found = registry.client(ctx.clientId());
        if (found.isEmpty()) {
            ctx.clientSecret().ifPresent(secrets::hash); // the same work as a wrong secret: no timing oracle
            return AUTH_FAILED;
        }
        Registry.Client client = found.get();
        if (!authenticates(client, ctx)) {
            return AUTH_FAILED;
        }
        if (client.dpopBound() && ctx.dpopJkt().isEmpty()) {
            return DpopBinding.PROOF_REQUIRED;
        }
        if (!client.grantTypes().contains(GrantType.CLIENT_CREDENTIALS.value())) {
            return OAuth2Error.of(
                    OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client may not use the client_credentials grant");
        }
        Set<String> granted = ctx.scope().map(Scopes::parse).orElseGet(() -> new LinkedHashSet<>(client.scopes()));
        if (!client.scopes().containsAll(granted)) {
            return OAuth2Error.of(OAuth2ErrorCode.INVALID_SCOPE, "The requested scope is not allowed for this client");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        if (!granted.isEmpty()) {
            claims.put("scope", String.join(" ", granted));
        }
        OAuth2TokenResponse response = new OAuth2TokenResponse(
                        ctx.createJwtAccessToken(claims).token())
                .setTokenType(ctx.tokenType())
                .setExpiresIn(ctx.ttl());
        if (!granted.isEmpty()) {
            response.setScope(granted);
        }
        return response;
    }

    /**
     * Whether the client used one of its own methods and, for secret methods, the right secret. The JWT
     * methods' assertions were already verified by the library against this client's keys or secret.
     */
    private boolean authenticates(Registry.Client client, ClientCredentialsTokenContext ctx) {
        String method = ctx.clientAuthMethod().value();
        if (!client.uses(method)) {
            return false;
        }
        if (method.equals("client_secret_jwt") || method.equals("private_key_jwt")) {
            return true;
        }
        return client.secretHash() != null
                && ctx.clientSecret()
                        .filter(secret -> secrets.matches(secret, client.secretHash()))
                        .isPresent();
    }
}

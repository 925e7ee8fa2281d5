package io.authdesign.token;

import io.authdesign.TokenResult;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One grant type the token endpoint serves: its {@code grant_type}, the parameters a request of it must
 * carry, and the handler that decides what is issued. The built-in grants are made by the flow builders;
 * {@link #extension} makes an extension grant with the same handler contract.
 *
 * <pre>{@code
 * TokenGrant<ExtensionGrantContext> exchange = TokenGrant.extension(
 *         GrantType.of("urn:ietf:params:oauth:grant-type:token-exchange"),
 *         (ctx, request) -> ...,
 *         "subject_token", "subject_token_type");
 * }</pre>
 *
 * @param <C> the context type the handler receives
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.5">RFC 6749 section 4.5</a>
 */
public final class TokenGrant<C extends TokenContext> {

    private static final Set<GrantType> BUILT_IN = Set.of(
            GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.DEVICE_CODE);

    private final GrantType grantType;
    private final List<String> requiredParameters;
    private final Function<TokenRequest, C> contexts;
    private final TokenGenerator<C> generator;

    private TokenGrant(
            GrantType grantType,
            List<String> requiredParameters,
            Function<TokenRequest, C> contexts,
            TokenGenerator<C> generator) {
        this.grantType = grantType;
        this.requiredParameters = List.copyOf(requiredParameters);
        this.contexts = contexts;
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** The {@code authorization_code} grant (RFC 6749 section 4.1.3); requires {@code code}. */
    public static TokenGrant<AuthorizationCodeTokenContext> authorizationCode(
            TokenGenerator<AuthorizationCodeTokenContext> generator) {
        return new TokenGrant<>(
                GrantType.AUTHORIZATION_CODE, List.of("code"), AuthorizationCodeTokenContext::new, generator);
    }

    /** The {@code client_credentials} grant (RFC 6749 section 4.4.2). */
    public static TokenGrant<ClientCredentialsTokenContext> clientCredentials(
            TokenGenerator<ClientCredentialsTokenContext> generator) {
        return new TokenGrant<>(GrantType.CLIENT_CREDENTIALS, List.of(), ClientCredentialsTokenContext::new, generator);
    }

    /** The device code grant (RFC 8628 section 3.4); requires {@code device_code}. */
    public static TokenGrant<DeviceCodeTokenContext> deviceCode(TokenGenerator<DeviceCodeTokenContext> generator) {
        return new TokenGrant<>(GrantType.DEVICE_CODE, List.of("device_code"), DeviceCodeTokenContext::new, generator);
    }

    /** The {@code refresh_token} grant (RFC 6749 section 6); requires {@code refresh_token}. */
    public static TokenGrant<RefreshTokenContext> refreshToken(TokenGenerator<RefreshTokenContext> generator) {
        return new TokenGrant<>(GrantType.REFRESH_TOKEN, List.of("refresh_token"), RefreshTokenContext::new, generator);
    }

    /**
     * An extension grant (RFC 6749 section 4.5), served by the token endpoint like the built-in ones: the
     * request is parsed, its client authenticated and its DPoP proof checked before the handler runs.
     *
     * @param grantType an absolute URI, such as {@code urn:ietf:params:oauth:grant-type:jwt-bearer}
     * @param generator the handler
     * @param requiredParameters parameters a request must carry ({@code invalid_request} otherwise)
     * @return the grant
     * @throws IllegalArgumentException for a grant type AuthDesign implements itself, or one that is not an
     *     absolute URI
     */
    public static TokenGrant<ExtensionGrantContext> extension(
            GrantType grantType, TokenGenerator<ExtensionGrantContext> generator, String... requiredParameters) {
        Objects.requireNonNull(grantType, "grantType");
        if (BUILT_IN.contains(grantType)) {
            throw new IllegalArgumentException("'" + grantType + "' is a built-in grant: configure it on its flow");
        }
        if (!grantType.value().contains(":")) {
            throw new IllegalArgumentException(
                    "An extension grant type must be an absolute URI (RFC 6749 section 4.5): '" + grantType + "'");
        }
        return new TokenGrant<>(grantType, List.of(requiredParameters), ExtensionGrantContext::new, generator);
    }

    /** The grant type. */
    public GrantType grantType() {
        return grantType;
    }

    /** The parameters a request of this grant must carry. */
    public List<String> requiredParameters() {
        return requiredParameters;
    }

    /** Runs the handler on a request of this grant. */
    TokenResult generate(TokenRequest request) throws Exception {
        return generator.generateToken(contexts.apply(request), request.http());
    }
}

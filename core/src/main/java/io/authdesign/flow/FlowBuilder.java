package io.authdesign.flow;

import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.token.BearerToken;
import io.authdesign.token.TokenType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * What every flow builder has: the methods of the original package's builders that are common to the
 * authorization code, client credentials and device authorization flows, in their OAuth2 and OIDC forms.
 *
 * @param <B> the concrete builder, returned by every fluent method
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 */
public abstract class FlowBuilder<B extends FlowBuilder<B>> {

    /** The access token lifetime when {@link #setTokenTTL(long)} is not called: one hour. */
    public static final long DEFAULT_TOKEN_TTL = 3600;

    /** The order of {@code token_endpoint_auth_methods_supported}, as the original sorts them. */
    private static final List<ClientAuthenticationMethod> METHOD_ORDER = List.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            ClientAuthenticationMethod.CLIENT_SECRET_POST,
            ClientAuthenticationMethod.CLIENT_SECRET_JWT,
            ClientAuthenticationMethod.PRIVATE_KEY_JWT,
            ClientAuthenticationMethod.NONE);

    private final Logger logger;
    private final boolean openId;
    private String issuer;
    private String strategyName;
    private String description = "";
    private final Map<String, String> scopes = new LinkedHashMap<>();
    private final Map<ClientAuthenticationMethod, ClientAuthMethod> methods = new LinkedHashMap<>();
    private TokenType tokenType = new BearerToken();
    private long tokenTtl = DEFAULT_TOKEN_TTL;

    FlowBuilder(Logger logger, String defaultStrategyName, boolean openId) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.strategyName = defaultStrategyName;
        this.openId = openId;
    }

    /** This builder, typed. */
    abstract B self();

    /**
     * Sets the issuer identifier: the server's public base URL, used for {@code iss} and every advertised
     * endpoint. Required, unless the flow is added to a {@link MultipleFlowsBuilder}, which sets its own.
     *
     * @param issuer an {@code https} URL without query or fragment ({@code http} only for loopback hosts)
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2</a>
     */
    public B setIssuer(String issuer) {
        this.issuer = Issuer.check(issuer);
        return self();
    }

    /** Sets the name of the flow's resource-protection strategy. */
    public B strategyName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("The strategy name must not be blank");
        }
        this.strategyName = name;
        return self();
    }

    /** Sets the flow's description, for documentation. */
    public B setDescription(String description) {
        this.description = Objects.requireNonNull(description, "description");
        return self();
    }

    /**
     * Sets the scopes the flow documents and advertises in {@code scopes_supported}, replacing earlier ones.
     *
     * @param scopes scope name to description, in advertising order
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.3">RFC 6749 section 3.3</a>
     */
    public B setScopes(Map<String, String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        scopes.keySet().forEach(FlowBuilder::checkScopeName);
        this.scopes.clear();
        this.scopes.putAll(scopes);
        return self();
    }

    private static void checkScopeName(String name) {
        if (name == null || name.isEmpty() || name.contains(" ") || !Scopes.isWellFormed(name)) {
            throw new IllegalArgumentException("Not a valid scope token: '" + name + "' (RFC 6749 section 3.3)");
        }
    }

    /**
     * Enables a client authentication method at the token endpoint. With none enabled, the flow uses
     * {@code client_secret_basic}. Enabling a method twice keeps the last instance.
     *
     * @param method the method, such as {@code new ClientSecretBasic()}
     * @return this builder
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
     */
    public B addClientAuthenticationMethod(ClientAuthMethod method) {
        Objects.requireNonNull(method, "method");
        checkMethod(method);
        methods.put(method.method(), method);
        return self();
    }

    /**
     * Enables a client authentication method by name: {@code client_secret_basic},
     * {@code client_secret_post} or {@code none}.
     *
     * @param method the registered name
     * @return this builder
     */
    public B addClientAuthenticationMethod(String method) {
        return addClientAuthenticationMethod(
                switch (Objects.requireNonNull(method, "method")) {
                    case "client_secret_basic" -> new ClientSecretBasic();
                    case "client_secret_post" -> new ClientSecretPost();
                    case "none" -> new NoneAuthMethod();
                    default ->
                        throw new IllegalArgumentException("Unknown client authentication method '" + method
                                + "': pass an instance for methods other than client_secret_basic,"
                                + " client_secret_post and none");
                });
    }

    /** A flow may refuse a method (the client credentials grant refuses {@code none}). */
    void checkMethod(ClientAuthMethod method) {}

    /** Sets the token type the flow issues; {@link BearerToken} by default. */
    public B setTokenType(TokenType tokenType) {
        this.tokenType = Objects.requireNonNull(tokenType, "tokenType");
        return self();
    }

    /**
     * Sets the access token lifetime, handed to handlers as {@code ttl}.
     *
     * @param seconds a positive number of seconds; {@value #DEFAULT_TOKEN_TTL} by default
     * @return this builder
     */
    public B setTokenTTL(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("The token TTL must be positive, got " + seconds);
        }
        this.tokenTtl = seconds;
        return self();
    }

    /** Same as {@link #setTokenTTL(long)}, under the original's newer name. */
    public B setTokenTtl(long seconds) {
        return setTokenTTL(seconds);
    }

    /**
     * Builds the flow. Fails with {@link IllegalStateException} when the configuration is incomplete (no
     * issuer) or inconsistent.
     *
     * @return the built flow
     */
    public abstract OAuth2Flow build();

    /** Builds with settings decided by the caller (a {@link MultipleFlowsBuilder} sets the issuer). */
    abstract OAuth2Flow build(FlowSettings settings);

    /** The settings of a stand-alone build. */
    FlowSettings settings() {
        if (issuer == null) {
            throw new IllegalStateException("The flow has no issuer: call setIssuer(...) before build()");
        }
        return settings(issuer, logger);
    }

    /** The settings with the issuer and logger of an enclosing design. */
    FlowSettings settings(String issuerOverride, Logger loggerOverride) {
        if (issuer != null && !issuer.equals(issuerOverride)) {
            throw new IllegalStateException("A flow's issuer '" + issuer
                    + "' differs from the issuer of the MultipleFlows it is added to: '" + issuerOverride + "'");
        }
        Map<String, String> allScopes = new LinkedHashMap<>();
        if (openId) {
            allScopes.put("openid", "enable OpenID Connect");
        }
        allScopes.putAll(scopes);
        List<ClientAuthMethod> enabled = new ArrayList<>(methods.values());
        if (enabled.isEmpty()) {
            enabled.add(new ClientSecretBasic());
        }
        enabled.sort(Comparator.comparingInt(m -> {
            int index = METHOD_ORDER.indexOf(m.method());
            return index < 0 ? METHOD_ORDER.size() : index;
        }));
        return new FlowSettings(
                issuerOverride, loggerOverride, strategyName, description, allScopes, enabled, tokenType, tokenTtl);
    }

    /** The logger given to {@code create}. */
    Logger logger() {
        return logger;
    }
}

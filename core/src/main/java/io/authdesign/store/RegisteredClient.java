package io.authdesign.store;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.internal.Issuer;
import io.authdesign.token.GrantType;
import io.authdesign.token.ResourceIndicators;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A client as the authorization server registered it. Build one with {@link #builder(String)}, which
 * applies the secure defaults and refuses inconsistent registrations.
 *
 * @param clientId the client identifier (RFC 6749 section 2.2)
 * @param secrets the client's secrets as keyed hashes, for {@code client_secret_basic} and {@code
 *     client_secret_post}; several during a rotation, empty for public clients and for clients that
 *     authenticate with a JWT only
 * @param authMethods the {@code token_endpoint_auth_method} values the client may use; {@code none} alone
 *     makes it a public client. The HMAC key of {@code client_secret_jwt} is not kept here (a keyed hash
 *     cannot verify an HMAC): {@code io.authdesign.ready.RegisteredClientKeys} gets it from the
 *     application
 * @param grantTypes the {@code grant_type} values the client may use
 * @param redirectUris the registered redirect URIs, compared by exact string match (RFC 9700 section
 *     2.1); each must pass {@link #checkRedirectUri} (https, loopback http, private-use schemes)
 * @param scopes the scopes the client may request
 * @param requirePkce whether the client must send a PKCE {@code code_challenge}; always true for public
 *     clients
 * @param jwks the client's public keys as a JWK Set JSON document, or {@code null}
 * @param jwksUri where the client publishes its JWK Set, or {@code null}
 * @param clientName a name to show users, or {@code null}
 * @param dpopBoundAccessTokens whether the client always uses DPoP at the token endpoint, so that a token
 *     request of it without a proof is refused ({@code dpop_bound_access_tokens}, RFC 9449 section 5.2)
 * @param resources the resource indicators the client may ask tokens for (RFC 8707), absolute URIs without
 *     fragment; any other {@code resource} it sends is {@code invalid_target}
 * @param settings the client's OpenID Connect and hardening settings ({@link ClientSettings#DEFAULT} when
 *     {@code null})
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2">RFC 6749 section 2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-5.2">RFC 9449 section 5.2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8707#section-2">RFC 8707 section 2</a>
 */
public record RegisteredClient(
        String clientId,
        List<ClientSecret> secrets,
        Set<String> authMethods,
        Set<String> grantTypes,
        List<String> redirectUris,
        Set<String> scopes,
        boolean requirePkce,
        String jwks,
        String jwksUri,
        String clientName,
        boolean dpopBoundAccessTokens,
        List<String> resources,
        ClientSettings settings) {

    private static final String NONE = ClientAuthenticationMethod.NONE.value();

    /** A private-use scheme: a reverse domain name, so at least two dot-separated labels (RFC 8252 7.1). */
    private static final Pattern PRIVATE_USE_SCHEME = Pattern.compile("[a-z][a-z0-9+-]*(\\.[a-z0-9][a-z0-9+-]*)+");

    private static final Set<String> SECRET_METHODS = Set.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC.value(),
            ClientAuthenticationMethod.CLIENT_SECRET_POST.value());

    /**
     * Copies the collections, keeping the order they were registered in, and checks that the registration
     * is consistent.
     */
    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("A client id must not be blank");
        }
        secrets = List.copyOf(secrets);
        authMethods = orderedCopy(authMethods);
        grantTypes = orderedCopy(grantTypes);
        redirectUris = List.copyOf(redirectUris);
        scopes = orderedCopy(scopes);
        resources = List.copyOf(orderedCopy(resources));
        for (String resource : resources) {
            if (!ResourceIndicators.isWellFormed(resource)) {
                throw new IllegalArgumentException("Client '" + clientId + "': the resource '" + resource
                        + "' is not an absolute URI without fragment (RFC 8707 section 2)");
            }
        }
        settings = settings != null ? settings : ClientSettings.DEFAULT;
        Rules.check(clientId, secrets, authMethods, grantTypes, redirectUris, requirePkce, jwks, jwksUri);
        if (settings.fapi2() && !authMethods.equals(Set.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT.value()))) {
            // FAPI 2.0 Security Profile section 5.3.2.1: confidential clients only, private_key_jwt (or mTLS)
            throw new IllegalArgumentException("Client " + clientId + ": a FAPI 2.0 client authenticates with"
                    + " private_key_jwt only (FAPI 2.0 Security Profile section 5.3.2.1), not " + authMethods);
        }
    }

    /** An unmodifiable copy in the given order (a configuration's order shows in listings and responses). */
    private static Set<String> orderedCopy(Collection<String> values) {
        Set<String> copy = new LinkedHashSet<>();
        for (String value : values) {
            copy.add(Objects.requireNonNull(value, "A client's methods, grant types and scopes must not be null"));
        }
        return Collections.unmodifiableSet(copy);
    }

    /** Starts a registration with the secure defaults: see {@link Builder}. */
    public static Builder builder(String clientId) {
        return new Builder(clientId);
    }

    /** A builder holding this client's values, to change some of them. */
    public Builder toBuilder() {
        Builder builder = new Builder(clientId);
        builder.secrets.addAll(secrets);
        builder.authMethods.addAll(authMethods);
        builder.grantTypes.addAll(grantTypes);
        builder.redirectUris.addAll(redirectUris);
        builder.scopes.addAll(scopes);
        builder.requirePkce = requirePkce;
        builder.jwks = jwks;
        builder.jwksUri = jwksUri;
        builder.clientName = clientName;
        builder.dpopBoundAccessTokens = dpopBoundAccessTokens;
        builder.resources.addAll(resources);
        builder.settings = settings;
        return builder;
    }

    /** Whether the client is public: it authenticates with {@code none} only (RFC 6749 section 2.1). */
    public boolean isPublic() {
        return authMethods.equals(Set.of(NONE));
    }

    /**
     * Whether {@code redirectUri} is registered: by exact string comparison (RFC 9700 section 4.1.3), except
     * for the port of an {@code http} loopback redirect URI, which may be any port, since a native app takes
     * an ephemeral port from the operating system at the time of the request (RFC 8252 section 7.3). The
     * scheme, host, path and query of such a URI still match a registered one exactly, and it has no user
     * information or fragment.
     *
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8252#section-7.3">RFC 8252 section 7.3</a>
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-2.1">RFC 9700 section 2.1</a>
     */
    public boolean hasRedirectUri(String redirectUri) {
        if (redirectUri == null) {
            return false;
        }
        if (redirectUris.contains(redirectUri)) {
            return true;
        }
        URI requested = loopbackHttp(redirectUri);
        return requested != null
                && redirectUris.stream()
                        .map(RegisteredClient::loopbackHttp)
                        .anyMatch(registered -> registered != null
                                && registered.getHost().equals(requested.getHost())
                                && Objects.equals(registered.getRawPath(), requested.getRawPath())
                                && Objects.equals(registered.getRawQuery(), requested.getRawQuery()));
    }

    /** The URI when it is an {@code http} URI of a loopback host without user information or fragment. */
    private static URI loopbackHttp(String uri) {
        try {
            URI parsed = new URI(uri);
            boolean plain = "http".equals(parsed.getScheme())
                    && parsed.getRawUserInfo() == null
                    && parsed.getRawFragment() == null
                    && parsed.getHost() != null;
            return plain && Issuer.isLoopback(parsed.getHost()) ? parsed : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Whether the client may ask tokens for the resource (RFC 8707 section 2). */
    public boolean allowsResource(String resource) {
        return resources.contains(resource);
    }

    /** Whether the client may use the grant type. */
    public boolean allowsGrantType(String grantType) {
        return grantTypes.contains(grantType);
    }

    @Override
    public String toString() {
        return "RegisteredClient[clientId=" + clientId + ", secrets=" + secrets.size() + ", authMethods=" + authMethods
                + ", grantTypes=" + grantTypes + ", dpopBoundAccessTokens=" + dpopBoundAccessTokens + ", resources="
                + resources + "]";
    }

    /**
     * Checks a redirect URI against the registration rules: absolute, without fragment (RFC 6749 section
     * 3.1.2), and one of {@code https} with a host; {@code http} on a loopback host only ({@code 127.0.0.0/8},
     * {@code [::1]}, {@code localhost}; RFC 8252 section 7.3); a private-use scheme named after a reverse
     * domain name, such as {@code com.example.app:/cb}, for native apps (RFC 8252 section 7.1). Anything
     * else ({@code javascript:}, {@code data:}, {@code http} to a network host, a scheme without a dot) is
     * refused.
     *
     * @param uri the redirect URI
     * @throws IllegalArgumentException naming the rule the URI breaks
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8252#section-7">RFC 8252 section 7</a>
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.1">RFC 9700 section 4.1</a>
     */
    public static void checkRedirectUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(Objects.requireNonNull(uri, "uri"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URI", e);
        }
        if (!parsed.isAbsolute() || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("must be absolute, without fragment (RFC 6749 section 3.1.2)");
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = switch (scheme) {
            case "https" -> parsed.getHost() != null;
            case "http" -> Issuer.isLoopback(parsed.getHost());
            default -> PRIVATE_USE_SCHEME.matcher(scheme).matches();
        };
        if (!allowed) {
            throw new IllegalArgumentException("must use https, http on a loopback host, or a private-use scheme"
                    + " named after a reverse domain name such as com.example.app (RFC 8252 sections 7.1, 7.3)");
        }
    }

    /** The consistency rules, apart from the record for readability. */
    private static final class Rules {

        static void check(
                String clientId,
                List<ClientSecret> secrets,
                Set<String> authMethods,
                Set<String> grantTypes,
                List<String> redirectUris,
                boolean requirePkce,
                String jwks,
                String jwksUri) {
            String client = "Client " + clientId + ": ";
            if (authMethods.isEmpty()) {
                throw new IllegalArgumentException(client + "no token endpoint authentication method");
            }
            if (grantTypes.isEmpty()) {
                throw new IllegalArgumentException(client + "no grant type");
            }
            boolean isPublic = authMethods.contains(NONE);
            if (isPublic && authMethods.size() > 1) {
                throw new IllegalArgumentException(
                        client + "'none' cannot be combined with other authentication methods: a client is"
                                + " either public or confidential (RFC 6749 section 2.1)");
            }
            if (isPublic && !secrets.isEmpty()) {
                throw new IllegalArgumentException(client + "a public client has no secret");
            }
            if (isPublic && !requirePkce) {
                throw new IllegalArgumentException(client + "a public client must use PKCE (RFC 9700 section 2.1.1)");
            }
            if (isPublic && grantTypes.contains(GrantType.CLIENT_CREDENTIALS.value())) {
                throw new IllegalArgumentException(
                        client + "client_credentials is for confidential clients only (RFC 6749 section 4.4)");
            }
            boolean hashedSecretMethod = authMethods.stream().anyMatch(SECRET_METHODS::contains);
            if (authMethods.contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT.value())
                    && !secrets.isEmpty()
                    && !hashedSecretMethod) {
                throw new IllegalArgumentException(client
                        + "client_secret_jwt needs the secret itself as an HMAC key, which a store of hashed"
                        + " secrets does not keep: register the client without secrets and give its HMAC key to"
                        + " io.authdesign.ready.RegisteredClientKeys, or use private_key_jwt or client_secret_basic");
            }
            if (hashedSecretMethod && secrets.isEmpty()) {
                throw new IllegalArgumentException(client + "a client_secret_* method needs a secret");
            }
            checkKeys(client, authMethods, jwks, jwksUri);
            if (grantTypes.contains(GrantType.AUTHORIZATION_CODE.value()) && redirectUris.isEmpty()) {
                throw new IllegalArgumentException(client + "authorization_code needs a redirect URI");
            }
            redirectUris.forEach(uri -> checkRedirectUri(client, uri));
        }

        private static void checkKeys(String client, Set<String> authMethods, String jwks, String jwksUri) {
            if (jwks != null && jwksUri != null) {
                throw new IllegalArgumentException(
                        client + "jwks and jwks_uri must not both be set (RFC 7591 section 2)");
            }
            if (authMethods.contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT.value())
                    && jwks == null
                    && jwksUri == null) {
                throw new IllegalArgumentException(client + "private_key_jwt needs jwks or jwks_uri");
            }
            if (jwks != null) {
                List<JWK> keys;
                try {
                    keys = JWKSet.parse(jwks).getKeys();
                } catch (ParseException e) {
                    throw new IllegalArgumentException(client + "jwks is not a JWK Set", e);
                }
                if (keys.stream().anyMatch(JWK::isPrivate)) {
                    throw new IllegalArgumentException(client + "jwks must hold public keys only");
                }
            }
            if (jwksUri != null && !isAbsolute(jwksUri, "https") && !isLoopbackHttp(jwksUri)) {
                throw new IllegalArgumentException(
                        client + "jwks_uri must be an absolute https URI (http only on a loopback host)");
            }
        }

        private static void checkRedirectUri(String client, String uri) {
            try {
                RegisteredClient.checkRedirectUri(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(client + "redirect URI " + e.getMessage() + ": " + uri, e);
            }
        }

        private static boolean isLoopbackHttp(String uri) {
            try {
                URI parsed = new URI(uri);
                return "http".equalsIgnoreCase(parsed.getScheme()) && Issuer.isLoopback(parsed.getHost());
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static boolean isAbsolute(String uri, String scheme) {
            try {
                URI parsed = new URI(uri);
                return scheme.equalsIgnoreCase(parsed.getScheme()) && parsed.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }

    /**
     * Builds a {@link RegisteredClient}. Defaults: grant type {@code authorization_code}, PKCE required for
     * every client (RFC 9700 section 2.1.1 recommends it for confidential clients too; {@link
     * #withoutPkceRequirement()} lifts it for a confidential client), and authentication method {@code
     * client_secret_basic} when the client has a secret, {@code private_key_jwt} when it has keys, {@code
     * none} (public) otherwise.
     */
    public static final class Builder {

        private final String clientId;
        private final List<ClientSecret> secrets = new ArrayList<>();
        private final Set<String> authMethods = new LinkedHashSet<>();
        private final Set<String> grantTypes = new LinkedHashSet<>();
        private final List<String> redirectUris = new ArrayList<>();
        private final Set<String> scopes = new LinkedHashSet<>();
        private boolean requirePkce = true;
        private String jwks;
        private String jwksUri;
        private String clientName;
        private boolean dpopBoundAccessTokens;
        private final Set<String> resources = new LinkedHashSet<>();
        private ClientSettings settings = ClientSettings.DEFAULT;

        private Builder(String clientId) {
            this.clientId = clientId;
        }

        /** Adds a secret (its keyed hash); add several to rotate. */
        public Builder secret(ClientSecret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /** Adds authentication methods; replaces the default. */
        public Builder authMethods(String... methods) {
            authMethods.addAll(List.of(methods));
            return this;
        }

        /** Adds grant types; replaces the default {@code authorization_code}. */
        public Builder grantTypes(String... types) {
            grantTypes.addAll(List.of(types));
            return this;
        }

        /** Adds redirect URIs. */
        public Builder redirectUris(String... uris) {
            redirectUris.addAll(List.of(uris));
            return this;
        }

        /** Adds scopes the client may request. */
        public Builder scopes(String... values) {
            scopes.addAll(List.of(values));
            return this;
        }

        /** Lets a confidential client redeem codes without PKCE; refused for a public client at build. */
        public Builder withoutPkceRequirement() {
            requirePkce = false;
            return this;
        }

        /** Sets the client's public keys as a JWK Set JSON document. */
        public Builder jwks(String value) {
            jwks = value;
            return this;
        }

        /** Sets where the client publishes its JWK Set. */
        public Builder jwksUri(String value) {
            jwksUri = value;
            return this;
        }

        /** Sets the name shown to users. */
        public Builder clientName(String value) {
            clientName = value;
            return this;
        }

        /**
         * Sets whether the client always uses DPoP at the token endpoint ({@code dpop_bound_access_tokens},
         * RFC 9449 section 5.2): its token requests without a proof are then refused; {@code false} by
         * default.
         */
        public Builder dpopBoundAccessTokens(boolean value) {
            dpopBoundAccessTokens = value;
            return this;
        }

        /** Sets the client's OpenID Connect and hardening settings; {@link ClientSettings#DEFAULT} by default. */
        public Builder settings(ClientSettings value) {
            settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * Adds resource indicators the client may ask tokens for (RFC 8707 section 2): absolute URIs
         * without fragment, such as {@code https://api.example.com}; none by default, so that any
         * {@code resource} the client sends is {@code invalid_target}.
         */
        public Builder resources(String... values) {
            resources.addAll(List.of(values));
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalArgumentException if the registration is inconsistent
         */
        public RegisteredClient build() {
            Set<String> methods = new LinkedHashSet<>(authMethods);
            if (methods.isEmpty()) {
                methods.add(defaultAuthMethod());
            }
            Set<String> grants = grantTypes.isEmpty() ? Set.of(GrantType.AUTHORIZATION_CODE.value()) : grantTypes;
            return new RegisteredClient(
                    clientId,
                    secrets,
                    methods,
                    grants,
                    redirectUris,
                    scopes,
                    requirePkce,
                    jwks,
                    jwksUri,
                    clientName,
                    dpopBoundAccessTokens,
                    List.copyOf(resources),
                    settings);
        }

        private String defaultAuthMethod() {
            if (!secrets.isEmpty()) {
                return ClientAuthenticationMethod.CLIENT_SECRET_BASIC.value();
            }
            if (jwks != null || jwksUri != null) {
                return ClientAuthenticationMethod.PRIVATE_KEY_JWT.value();
            }
            return NONE;
        }
    }
}

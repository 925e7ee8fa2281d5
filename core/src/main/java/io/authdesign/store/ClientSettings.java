package io.authdesign.store;

import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.token.ResponseTypes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A registered client's OpenID Connect and hardening settings, beside the OAuth basics of {@link
 * RegisteredClient}. Each one is a client metadata value of a registration specification.
 *
 * @param requirePushedAuthorizationRequests whether the client's authorization requests must be pushed
 *     first ({@code require_pushed_authorization_requests}, RFC 9126 section 6)
 * @param idTokenSignedResponseAlg the algorithm the client's ID tokens are signed with ({@code
 *     id_token_signed_response_alg}, OpenID Connect Dynamic Client Registration 1.0 section 2), or {@code
 *     null} for the server's default
 * @param postLogoutRedirectUris where the client may be sent after an RP-initiated logout ({@code
 *     post_logout_redirect_uris}, OpenID Connect RP-Initiated Logout 1.0 section 3.1)
 * @param backchannelLogoutUri where logout tokens are posted ({@code backchannel_logout_uri}, OpenID Connect
 *     Back-Channel Logout 1.0 section 2.2), or {@code null}; only such a client's ID tokens carry {@code sid}
 * @param backchannelLogoutSessionRequired whether logout tokens must carry {@code sid} ({@code
 *     backchannel_logout_session_required})
 * @param requestUris the request URIs the client may pass by reference ({@code request_uris}, OpenID
 *     Connect Dynamic Client Registration 1.0 section 2)
 * @param registrationAccessTokenHash the keyed hash ({@link ClientSecretHasher}) of the registration access
 *     token that manages a dynamically registered client (RFC 7592 section 3), or {@code null}
 * @param fapi2 whether the client follows the FAPI 2.0 Security Profile: its ID tokens are then signed with
 *     PS256 or ES256 only (section 5.4), and the ready handlers hold it to the profile's other rules (pushed
 *     requests, PKCE S256, {@code private_key_jwt} with PS256 or ES256 and the issuer alone as {@code aud},
 *     DPoP proofs of PS256, ES256 or EdDSA, codes of at most 60 seconds,
 *     refresh tokens that do not rotate)
 * @param userinfoSignedResponseAlg the algorithm the client's UserInfo responses are signed with ({@code
 *     userinfo_signed_response_alg}, OpenID Connect Dynamic Client Registration 1.0 section 2; the response
 *     is then a JWT, OpenID Connect Core 1.0 section 5.3.2), or {@code null} for plain JSON responses
 * @param responseTypes the response types the client registered ({@code response_types}, OpenID Connect
 *     Dynamic Client Registration 1.0 section 2), in canonical spelling: {@code code}, {@code id_token},
 *     {@code id_token token}; empty for the default, {@code code} alone when the client has the
 *     {@code authorization_code} grant. The implicit ones are served only where the server opted in to them
 *     (RFC 9700 section 2.1.2), never to a FAPI 2.0 client
 * @param links the client's home page, logo, privacy policy and terms of service, shown on the sign-in and
 *     consent pages ({@link ClientLinks#NONE} when {@code null})
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html">FAPI 2.0 Security Profile</a>
 * @see <a href="https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata">OpenID Connect
 *     Dynamic Client Registration 1.0 section 2</a>
 */
public record ClientSettings(
        boolean requirePushedAuthorizationRequests,
        String idTokenSignedResponseAlg,
        List<String> postLogoutRedirectUris,
        String backchannelLogoutUri,
        boolean backchannelLogoutSessionRequired,
        List<String> requestUris,
        String registrationAccessTokenHash,
        boolean fapi2,
        String userinfoSignedResponseAlg,
        List<String> responseTypes,
        ClientLinks links) {

    /** The ID token algorithms FAPI 2.0 allows (Security Profile section 5.4.1). */
    public static final List<String> FAPI2_ALGORITHMS = List.of("PS256", "ES256");

    /** No extra settings: the server's defaults apply. */
    public static final ClientSettings DEFAULT = builder().build();

    /** Copies the lists and checks each value. */
    public ClientSettings {
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        requestUris = List.copyOf(requestUris);
        responseTypes = canonicalResponseTypes(responseTypes);
        links = links != null ? links : ClientLinks.NONE;
        if (idTokenSignedResponseAlg != null) {
            // throws IllegalArgumentException for an algorithm this library cannot sign with ("none" included)
            SigningAlgorithm.of(idTokenSignedResponseAlg);
        }
        if (userinfoSignedResponseAlg != null) {
            // the same: "none" means an unsigned response, which is what null already says
            SigningAlgorithm.of(userinfoSignedResponseAlg);
        }
        postLogoutRedirectUris.forEach(uri -> checkAbsolute("post_logout_redirect_uri", uri, false, false));
        if (backchannelLogoutUri != null) {
            checkAbsolute("backchannel_logout_uri", backchannelLogoutUri, true, false);
        }
        // OIDC Dynamic Client Registration 1.0 section 2: a request_uri may carry the SHA-256 hash of the
        // request object it references as its fragment, so a fragment is allowed here alone
        requestUris.forEach(uri -> checkAbsolute("request_uri", uri, true, true));
        if (fapi2 && !FAPI2_ALGORITHMS.contains(idTokenSignedResponseAlg)) {
            throw new IllegalArgumentException("A FAPI 2.0 client's id_token_signed_response_alg must be PS256 or"
                    + " ES256 (FAPI 2.0 Security Profile section 5.4.1), not " + idTokenSignedResponseAlg);
        }
        if (fapi2 && responseTypes.stream().anyMatch(type -> !type.equals(ResponseTypes.CODE))) {
            throw new IllegalArgumentException("A FAPI 2.0 client uses the response type code only (FAPI 2.0"
                    + " Security Profile section 5.3.2), not " + responseTypes);
        }
    }

    /** The response types in canonical spelling, each once; an unknown one is refused. */
    private static List<String> canonicalResponseTypes(List<String> values) {
        java.util.Set<String> canonical = new java.util.LinkedHashSet<>();
        for (String value : values) {
            canonical.add(ResponseTypes.canonical(value)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "Unknown response type '" + value + "': code, id_token and id_token token are known")));
        }
        return List.copyOf(canonical);
    }

    /**
     * Whether the client registered this implicit response type ({@code id_token}, {@code id_token token}),
     * in any word order.
     *
     * @param responseType the request's {@code response_type}
     * @return whether it is registered
     */
    public boolean hasResponseType(String responseType) {
        return ResponseTypes.canonical(responseType)
                .filter(responseTypes::contains)
                .isPresent();
    }

    /** The settings of a client without links to show. */
    public ClientSettings(
            boolean requirePushedAuthorizationRequests,
            String idTokenSignedResponseAlg,
            List<String> postLogoutRedirectUris,
            String backchannelLogoutUri,
            boolean backchannelLogoutSessionRequired,
            List<String> requestUris,
            String registrationAccessTokenHash,
            boolean fapi2,
            String userinfoSignedResponseAlg,
            List<String> responseTypes) {
        this(
                requirePushedAuthorizationRequests,
                idTokenSignedResponseAlg,
                postLogoutRedirectUris,
                backchannelLogoutUri,
                backchannelLogoutSessionRequired,
                requestUris,
                registrationAccessTokenHash,
                fapi2,
                userinfoSignedResponseAlg,
                responseTypes,
                ClientLinks.NONE);
    }

    /** The settings of a client whose UserInfo responses are plain JSON. */
    public ClientSettings(
            boolean requirePushedAuthorizationRequests,
            String idTokenSignedResponseAlg,
            List<String> postLogoutRedirectUris,
            String backchannelLogoutUri,
            boolean backchannelLogoutSessionRequired,
            List<String> requestUris,
            String registrationAccessTokenHash,
            boolean fapi2) {
        this(
                requirePushedAuthorizationRequests,
                idTokenSignedResponseAlg,
                postLogoutRedirectUris,
                backchannelLogoutUri,
                backchannelLogoutSessionRequired,
                requestUris,
                registrationAccessTokenHash,
                fapi2,
                null,
                List.of());
    }

    /** The settings of a client without registered response types. */
    public ClientSettings(
            boolean requirePushedAuthorizationRequests,
            String idTokenSignedResponseAlg,
            List<String> postLogoutRedirectUris,
            String backchannelLogoutUri,
            boolean backchannelLogoutSessionRequired,
            List<String> requestUris,
            String registrationAccessTokenHash,
            boolean fapi2,
            String userinfoSignedResponseAlg) {
        this(
                requirePushedAuthorizationRequests,
                idTokenSignedResponseAlg,
                postLogoutRedirectUris,
                backchannelLogoutUri,
                backchannelLogoutSessionRequired,
                requestUris,
                registrationAccessTokenHash,
                fapi2,
                userinfoSignedResponseAlg,
                List.of());
    }

    /** The settings of a client outside the FAPI 2.0 profile. */
    public ClientSettings(
            boolean requirePushedAuthorizationRequests,
            String idTokenSignedResponseAlg,
            List<String> postLogoutRedirectUris,
            String backchannelLogoutUri,
            boolean backchannelLogoutSessionRequired,
            List<String> requestUris,
            String registrationAccessTokenHash) {
        this(
                requirePushedAuthorizationRequests,
                idTokenSignedResponseAlg,
                postLogoutRedirectUris,
                backchannelLogoutUri,
                backchannelLogoutSessionRequired,
                requestUris,
                registrationAccessTokenHash,
                false);
    }

    /** Starts settings with the defaults: nothing required, the server's ID token algorithm. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.requirePushedAuthorizationRequests = requirePushedAuthorizationRequests;
        builder.idTokenSignedResponseAlg = idTokenSignedResponseAlg;
        builder.postLogoutRedirectUris.addAll(postLogoutRedirectUris);
        builder.backchannelLogoutUri = backchannelLogoutUri;
        builder.backchannelLogoutSessionRequired = backchannelLogoutSessionRequired;
        builder.requestUris.addAll(requestUris);
        builder.registrationAccessTokenHash = registrationAccessTokenHash;
        builder.fapi2 = fapi2;
        builder.userinfoSignedResponseAlg = userinfoSignedResponseAlg;
        builder.responseTypes.addAll(responseTypes);
        builder.links = links;
        return builder;
    }

    /** Whether {@code uri} is a registered post-logout redirect URI, by exact string comparison. */
    public boolean hasPostLogoutRedirectUri(String uri) {
        return uri != null && postLogoutRedirectUris.contains(uri);
    }

    /**
     * An absolute URI, without fragment unless {@code fragmentAllowed}; {@code https} (or {@code http} on a
     * loopback host) when it is fetched or posted to by the server.
     */
    private static void checkAbsolute(String name, String uri, boolean serverReached, boolean fragmentAllowed) {
        URI parsed;
        try {
            parsed = new URI(Objects.requireNonNull(uri, name));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URI: " + uri, e);
        }
        if (!parsed.isAbsolute()) {
            throw new IllegalArgumentException(name + " must be absolute: " + uri);
        }
        if (!fragmentAllowed && parsed.getRawFragment() != null) {
            throw new IllegalArgumentException(name + " must be absolute, without fragment: " + uri);
        }
        if (serverReached && !isHttpsOrLoopbackHttp(parsed)) {
            throw new IllegalArgumentException(name + " must be https (http only on a loopback host): " + uri);
        }
    }

    private static boolean isHttpsOrLoopbackHttp(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        return "https".equalsIgnoreCase(uri.getScheme())
                || ("http".equalsIgnoreCase(uri.getScheme())
                        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")));
    }

    /** Builds {@link ClientSettings}. */
    public static final class Builder {
        private boolean requirePushedAuthorizationRequests;
        private String idTokenSignedResponseAlg;
        private final List<String> postLogoutRedirectUris = new ArrayList<>();
        private String backchannelLogoutUri;
        private boolean backchannelLogoutSessionRequired;
        private final List<String> requestUris = new ArrayList<>();
        private String registrationAccessTokenHash;
        private boolean fapi2;
        private String userinfoSignedResponseAlg;
        private final List<String> responseTypes = new ArrayList<>();
        private ClientLinks links = ClientLinks.NONE;

        private Builder() {}

        /**
         * Sets the links shown to users: home page, logo, privacy policy, terms of service ({@code client_uri},
         * {@code logo_uri}, {@code policy_uri}, {@code tos_uri}).
         *
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
         */
        public Builder links(ClientLinks value) {
            links = value;
            return this;
        }

        /**
         * Adds registered response types ({@code response_types}): {@code code}, and the implicit {@code
         * id_token} and {@code id_token token}, which only a server that opted in to them serves.
         *
         * @see <a href="https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata">OpenID
         *     Connect Dynamic Client Registration 1.0 section 2</a>
         */
        public Builder responseTypes(String... values) {
            responseTypes.addAll(List.of(values));
            return this;
        }

        /** Requires pushed authorization requests (RFC 9126 section 6). */
        public Builder requirePushedAuthorizationRequests(boolean value) {
            requirePushedAuthorizationRequests = value;
            return this;
        }

        /** Sets the ID token signing algorithm, such as {@code PS256}; {@code null} for the default. */
        public Builder idTokenSignedResponseAlg(String value) {
            idTokenSignedResponseAlg = value;
            return this;
        }

        /** Adds post-logout redirect URIs. */
        public Builder postLogoutRedirectUris(String... uris) {
            postLogoutRedirectUris.addAll(List.of(uris));
            return this;
        }

        /** Sets the back-channel logout URI. */
        public Builder backchannelLogoutUri(String value) {
            backchannelLogoutUri = value;
            return this;
        }

        /** Requires {@code sid} in the client's logout tokens. */
        public Builder backchannelLogoutSessionRequired(boolean value) {
            backchannelLogoutSessionRequired = value;
            return this;
        }

        /** Adds request URIs the client may pass by reference. */
        public Builder requestUris(String... uris) {
            requestUris.addAll(List.of(uris));
            return this;
        }

        /** Sets the keyed hash of the client's registration access token (RFC 7592 section 3). */
        public Builder registrationAccessTokenHash(String value) {
            registrationAccessTokenHash = value;
            return this;
        }

        /**
         * Holds the client to the FAPI 2.0 Security Profile (final); its {@code id_token_signed_response_alg}
         * must then be PS256 or ES256.
         *
         * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html">FAPI 2.0 Security
         *     Profile</a>
         */
        public Builder fapi2(boolean value) {
            fapi2 = value;
            return this;
        }

        /**
         * Signs the client's UserInfo responses with this algorithm, such as {@code RS256} ({@code
         * userinfo_signed_response_alg}); {@code null}, the default, keeps them plain JSON.
         *
         * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse">OpenID Connect
         *     Core 1.0 section 5.3.2</a>
         */
        public Builder userinfoSignedResponseAlg(String value) {
            userinfoSignedResponseAlg = value;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @throws IllegalArgumentException when a value is invalid
         */
        public ClientSettings build() {
            return new ClientSettings(
                    requirePushedAuthorizationRequests,
                    idTokenSignedResponseAlg,
                    postLogoutRedirectUris,
                    backchannelLogoutUri,
                    backchannelLogoutSessionRequired,
                    requestUris,
                    registrationAccessTokenHash,
                    fapi2,
                    userinfoSignedResponseAlg,
                    responseTypes,
                    links);
        }
    }
}

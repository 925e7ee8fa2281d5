package io.authdesign.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The reference server's configuration file, mapped from YAML. Every key is optional in the mapping;
 * {@link ConfigLoader} applies defaults and checks values, reporting the key at fault.
 *
 * @param issuer the public base URL, used for {@code iss} and every advertised endpoint
 * @param host the address to listen on; {@code 127.0.0.1} by default
 * @param port the port; {@value ConfigLoader#DEFAULT_PORT} by default, 0 for any free port
 * @param tokenTtl access token lifetime in seconds
 * @param signing how access tokens are signed and keys rotated
 * @param dpop DPoP settings: proofs accepted always; required and server nonces by choice
 * @param storage where codes, refresh tokens, device codes, consents, sessions, keys and replay entries
 *     live: {@code memory}, {@code file} (the default: an embedded database file) or {@code postgresql}
 * @param redis an optional Redis URI for the hot one-time state (codes, device polling, sessions, replay)
 * @param keyEncryptionKey base64 of 32 bytes protecting private keys at rest (and deriving DPoP nonces);
 *     nodes sharing issuer, storage and this key form one server
 * @param keyEncryptionKeys several key-encryption keys instead of one, to rotate it: the first seals, every
 *     one opens (docs/OPERATIONS.md has the procedure)
 * @param clients the registered clients
 * @param users the users who can sign in
 * @param registration dynamic client registration
 * @param profile {@code fapi2} to hold every client to the FAPI 2.0 Security Profile (final), or absent
 * @param metrics Prometheus metrics at {@code GET /metrics} (off by default)
 * @param audit the JSON-lines audit log (off by default)
 * @param implicit the OpenID Connect implicit response types {@code id_token} and {@code id_token token} (off
 *     by default, RFC 9700 section 2.1.2)
 */
public record ServerConfig(
        @JsonProperty("issuer") String issuer,
        @JsonProperty("host") String host,
        @JsonProperty("port") Integer port,
        @JsonProperty("tokenTtl") Long tokenTtl,
        @JsonProperty("signing") Signing signing,
        @JsonProperty("dpop") Dpop dpop,
        @JsonProperty("storage") Storage storage,
        @JsonProperty("redis") String redis,
        @JsonProperty("keyEncryptionKey") String keyEncryptionKey,
        @JsonProperty("keyEncryptionKeys") List<String> keyEncryptionKeys,
        @JsonProperty("clients") List<Client> clients,
        @JsonProperty("users") List<User> users,
        @JsonProperty("registration") Registration registration,
        @JsonProperty("profile") String profile,
        @JsonProperty("metrics") Metrics metrics,
        @JsonProperty("audit") Audit audit,
        @JsonProperty("implicit") Implicit implicit) {

    /**
     * The OpenID Connect implicit flow (OpenID Connect Core 1.0 section 3.2): the response types {@code
     * id_token} and {@code id_token token}, for the clients that list them in {@code responseTypes}. Off by
     * default: RFC 9700 section 2.1.2 says clients should not use them. Turn it on only where OpenID Connect
     * Dynamic OP conformance requires them (OpenID Connect Discovery 1.0 section 3); refused with {@code profile:
     * fapi2} and {@code dpop.required}.
     *
     * @param enabled {@code true} to serve them
     */
    public record Implicit(@JsonProperty("enabled") Boolean enabled) {}

    /**
     * Metrics in the Prometheus text format at {@code GET /metrics}.
     *
     * @param enabled {@code true} to serve them; off by default (the route is then 404)
     */
    public record Metrics(@JsonProperty("enabled") Boolean enabled) {}

    /**
     * The audit log: one JSON object per line for each sign-in, consent, token issued, revocation and
     * refresh token reuse, without any token, code, secret or password.
     *
     * @param enabled {@code true} to write it; off by default
     * @param file the file the lines are appended to (relative to the configuration file); standard output
     *     when absent
     */
    public record Audit(
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("file") String file) {}

    /**
     * Dynamic client registration (RFC 7591, RFC 7592).
     *
     * @param policy {@code off} (default: not served), {@code open} (anyone may register) or {@code token}
     *     (an access token of this server with the scope {@code authdesign:register} is the initial access
     *     token)
     * @param perAddress the clients one address may register; after them it waits an hour from its latest
     *     registration (429, RFC 6585 section 4). Default 100
     */
    public record Registration(
            @JsonProperty("policy") String policy,
            @JsonProperty("perAddress") Integer perAddress) {

        /** A policy with the default limit per address. */
        public Registration(String policy) {
            this(policy, null);
        }
    }

    /**
     * Storage.
     *
     * @param type {@code memory}, {@code file} or {@code postgresql}
     * @param path the database directory for {@code file} (default {@code authdesign-data} beside the
     *     configuration file)
     * @param url the JDBC URL for {@code postgresql}
     * @param username the database user
     * @param password the database password
     * @param poolSize the connection pool size (default 16)
     */
    public record Storage(
            @JsonProperty("type") String type,
            @JsonProperty("path") String path,
            @JsonProperty("url") String url,
            @JsonProperty("username") String username,
            @JsonProperty("password") String password,
            @JsonProperty("poolSize") Integer poolSize) {}

    /**
     * DPoP (RFC 9449). Clients may always send proofs and get DPoP-bound tokens.
     *
     * @param required whether every token request must carry a proof (default false)
     * @param nonce whether server nonces are required (default false)
     */
    public record Dpop(
            @JsonProperty("required") Boolean required,
            @JsonProperty("nonce") Boolean nonce) {}

    /**
     * Token signing and key rotation.
     *
     * @param algorithm the access token algorithm: ES256 (default), RS256, PS256 or EdDSA
     * @param rotationInterval seconds between key rotations (default 86400)
     * @param publicKeyExpiry seconds a public key stays published (default 2 x rotationInterval + JWKS max-age + tokenTtl + 60)
     * @param idTokenAlgorithms the ID token algorithms, the default first (default RS256, PS256, ES256)
     */
    public record Signing(
            @JsonProperty("algorithm") String algorithm,
            @JsonProperty("rotationInterval") Long rotationInterval,
            @JsonProperty("publicKeyExpiry") Long publicKeyExpiry,
            @JsonProperty("idTokenAlgorithms") List<String> idTokenAlgorithms) {}

    /**
     * A registered client.
     *
     * @param clientId the client identifier
     * @param clientSecret the secret, held only as a keyed hash once loaded
     * @param authMethods the client authentication methods it may use
     * @param grantTypes the grants it may use ({@code device_code} stands for the RFC 8628 URN)
     * @param scopes the scopes it may be granted
     * @param redirectUris its registered redirect URIs
     * @param jwks its public keys, a JWK Set, for {@code private_key_jwt}
     * @param jwksUri where its JWK Set is published, for {@code private_key_jwt}
     * @param requirePkce whether PKCE is required: {@code true} by default for every client (RFC 9700
     *     section 2.1.1); {@code false} is the opt-out for a confidential client that cannot send a PKCE
     *     challenge, refused for public clients
     * @param dpopBoundAccessTokens whether the client must use DPoP (RFC 9449 section 5.2)
     * @param idTokenSignedResponseAlg the algorithm of the client's ID tokens (one of {@code
     *     signing.idTokenAlgorithms}; the first of them by default)
     * @param requirePushedAuthorizationRequests whether the client must push its authorization requests
     *     (RFC 9126 section 6)
     * @param postLogoutRedirectUris where the client may send the browser after signing the user out
     *     (OpenID Connect RP-Initiated Logout 1.0 section 3.1)
     * @param introspection whether the client (a resource server) may introspect tokens (RFC 7662)
     * @param resources the resource indicators it may ask tokens for (RFC 8707), absolute URIs
     * @param backchannelLogoutUri where the server posts a logout token when a session of the client ends
     *     (OpenID Connect Back-Channel Logout 1.0 section 2.2): https, or http on a loopback host
     * @param backchannelLogoutSessionRequired whether the client requires {@code sid} in logout tokens
     *     (logout tokens always carry it)
     * @param profile {@code fapi2} to hold this client to the FAPI 2.0 Security Profile (final), or absent
     * @param userinfoSignedResponseAlg the algorithm the client's UserInfo responses are signed with (one of
     *     {@code signing.idTokenAlgorithms}, OpenID Connect Core 1.0 section 5.3.2); absent for plain JSON
     * @param responseTypes the response types the client uses: {@code code} (the default with the {@code
     *     authorization_code} grant), and with {@code implicit.enabled} the implicit {@code id_token} and
     *     {@code id_token token}, which need the {@code implicit} grant type
     * @param clientName the name the sign-in and consent pages show (the client id by default)
     * @param clientUri the client's home page, linked from its name on those pages (RFC 7591 section 2)
     * @param logoUri the client's logo, shown on those pages
     * @param policyUri the client's privacy policy, linked from those pages
     * @param tosUri the client's terms of service, linked from those pages; each of these four links is an
     *     absolute https URL ({@code http} only on a loopback host)
     */
    public record Client(
            @JsonProperty("clientId") String clientId,
            @JsonProperty("clientSecret") String clientSecret,
            @JsonProperty("authMethods") List<String> authMethods,
            @JsonProperty("grantTypes") List<String> grantTypes,
            @JsonProperty("scopes") List<String> scopes,
            @JsonProperty("redirectUris") List<String> redirectUris,
            @JsonProperty("jwks") Map<String, Object> jwks,
            @JsonProperty("jwksUri") String jwksUri,
            @JsonProperty("requirePkce") Boolean requirePkce,
            @JsonProperty("dpopBoundAccessTokens") Boolean dpopBoundAccessTokens,
            @JsonProperty("idTokenSignedResponseAlg") String idTokenSignedResponseAlg,

            @JsonProperty("requirePushedAuthorizationRequests")
            Boolean requirePushedAuthorizationRequests,

            @JsonProperty("postLogoutRedirectUris") List<String> postLogoutRedirectUris,
            @JsonProperty("introspection") Boolean introspection,
            @JsonProperty("resources") List<String> resources,
            @JsonProperty("backchannelLogoutUri") String backchannelLogoutUri,

            @JsonProperty("backchannelLogoutSessionRequired")
            Boolean backchannelLogoutSessionRequired,

            @JsonProperty("profile") String profile,
            @JsonProperty("userinfoSignedResponseAlg") String userinfoSignedResponseAlg,
            @JsonProperty("responseTypes") List<String> responseTypes,
            @JsonProperty("clientName") String clientName,
            @JsonProperty("clientUri") String clientUri,
            @JsonProperty("logoUri") String logoUri,
            @JsonProperty("policyUri") String policyUri,
            @JsonProperty("tosUri") String tosUri) {

        /** A client without keys. */
        public Client(
                String clientId,
                String clientSecret,
                List<String> authMethods,
                List<String> grantTypes,
                List<String> scopes,
                List<String> redirectUris) {
            this(
                    clientId,
                    clientSecret,
                    authMethods,
                    grantTypes,
                    scopes,
                    redirectUris,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /**
     * A user.
     *
     * @param username the login name
     * @param password the password, held only as a slow salted hash once loaded
     * @param claims the user's claims, such as {@code email} and {@code name}
     */
    public record User(
            @JsonProperty("username") String username,
            @JsonProperty("password") String password,
            @JsonProperty("claims") Map<String, Object> claims) {}
}

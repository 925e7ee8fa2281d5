package io.authdesign.flow;

import io.authdesign.http.Endpoint;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.token.GrantRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A built auth design: one flow ({@link OAuth2Flow}) or several behind one token endpoint
 * ({@link MultipleFlows}). Adapters mount its {@link #endpoints()} and protect resource routes with its
 * {@link #authenticator()}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 */
public sealed interface AuthDesign permits OAuth2Flow, MultipleFlows {

    /** The issuer identifier (RFC 8414 section 2). */
    String getIssuer();

    /** The strategy names of the design's flows. */
    List<String> getStrategyNames();

    /** The scopes the design documents, name to description. */
    Map<String, String> getScopes();

    /**
     * The HTTP endpoints to mount, unauthenticated: token endpoint(s), JWKS and discovery documents.
     *
     * @return the endpoints, in registration order
     */
    List<Endpoint> endpoints();

    /**
     * The authorization server metadata document served at {@code /.well-known/oauth-authorization-server}.
     *
     * @return the metadata members
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2</a>
     */
    Map<String, Object> authorizationServerMetadata();

    /**
     * The OpenID Provider metadata served at {@code /.well-known/openid-configuration}, or {@code null}
     * when the design has no OIDC flow.
     *
     * @return the metadata members, or {@code null}
     * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata">OpenID
     *     Connect Discovery section 3</a>
     */
    Map<String, Object> openIdConfiguration();

    /**
     * The grants the design's token endpoint serves, by {@code grant_type}: its flows' grants and
     * extension grants.
     *
     * @return the registry
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4">RFC 6749 section 4</a>
     */
    GrantRegistry grants();

    /**
     * The design as an OpenAPI 3.1 security scheme, for API documentation (the original's {@code docs()}).
     *
     * @return the scheme and its name
     * @see <a href="https://spec.openapis.org/oas/v3.1.0#security-scheme-object">OpenAPI 3.1 Security
     *     Scheme Object</a>
     */
    SecurityScheme docs();

    /** The signing keys, signer and verifier, when the design has keys. */
    Optional<JwtAuthority> jwtAuthority();

    /** The authenticator of protected resource routes (RFC 6750). */
    ResourceAuthenticator authenticator();

    /**
     * Rotates the signing keys if rotation is configured and its interval has passed; call it at start-up
     * and periodically (the reference server schedules it).
     *
     * @return whether keys were rotated
     */
    default boolean checkAndRotateKeys() {
        return jwtAuthority()
                .map(authority -> authority.keyRing().checkAndRotateKeys())
                .orElse(false);
    }

    /** Generates new signing keys now, whatever the schedule. */
    default void generateKeyPair() {
        jwtAuthority()
                .orElseThrow(() -> new IllegalStateException("This design has no signing keys"))
                .keyRing()
                .generateKeyPair();
    }
}

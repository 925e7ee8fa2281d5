package io.authdesign.resource;

import io.authdesign.http.HttpRequest;
import io.authdesign.internal.RoutePaths;
import io.authdesign.jwt.SigningAlgorithm;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenID Connect userinfo endpoint of an OIDC flow, configured in {@code userinfoRoute(route -> ...)}:
 * its path, the handler that returns the claims of the user an access token stands for and, optionally,
 * which clients receive their responses signed.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">OpenID Connect Core
 *     section 5.3</a>
 */
public final class UserinfoRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/userinfo";

    /** Returns the claims for a token's credentials. */
    @FunctionalInterface
    public interface ClaimsHandler {
        /**
         * Returns the user's claims.
         *
         * @param credentials the validated token's credentials (its scopes decide which claims to release)
         * @param request the HTTP request
         * @return the claims; {@code sub} is set to the token's subject; {@code null} refuses the token
         * @throws Exception on failure: the client receives a 500
         */
        Map<String, Object> claims(Credentials credentials, HttpRequest request) throws Exception;
    }

    /**
     * Tells the algorithm a client asked its UserInfo responses to be signed with ({@code
     * userinfo_signed_response_alg}, OpenID Connect Dynamic Client Registration 1.0 section 2).
     */
    @FunctionalInterface
    public interface SignedResponseLookup {
        /**
         * The algorithm for the client the access token was issued to.
         *
         * @param credentials the validated token's credentials ({@code clientId()} names the client)
         * @return the algorithm, or empty for a plain JSON response
         * @throws Exception on failure: the client receives a 500
         */
        Optional<SigningAlgorithm> algorithm(Credentials credentials) throws Exception;
    }

    private String path = DEFAULT_PATH;
    private ClaimsHandler handler = (credentials, request) -> Map.of();
    private SignedResponseLookup signedResponses = credentials -> Optional.empty();
    private boolean signing;

    /** Creates the route at the default path. */
    public UserinfoRoute() {}

    /** Sets the path. */
    public UserinfoRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Sets the claims handler. */
    public UserinfoRoute generateClaims(ClaimsHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Signs the responses of the clients this lookup names an algorithm for: such a response is {@code
     * application/jwt}, a JWS by the flow's key of that algorithm carrying {@code iss}, {@code aud} (the
     * client) and the claims. The algorithm must be one the flow signs ID tokens with ({@code
     * setIdTokenSigningAlgorithms}), advertised as {@code userinfo_signing_alg_values_supported}. Without a
     * lookup, every response is JSON.
     *
     * @param lookup the algorithm of each client, for example its {@code
     *     ClientSettings.userinfoSignedResponseAlg()}
     * @return this route
     * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse">OpenID Connect Core
     *     1.0 section 5.3.2</a>
     */
    public UserinfoRoute signResponses(SignedResponseLookup lookup) {
        this.signedResponses = Objects.requireNonNull(lookup, "lookup");
        this.signing = true;
        return this;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The handler. */
    public ClaimsHandler getHandler() {
        return handler;
    }

    /** The lookup of the clients' signed response algorithms. */
    public SignedResponseLookup getSignedResponses() {
        return signedResponses;
    }

    /** Whether {@link #signResponses} was called, so that signed responses are offered. */
    public boolean signsResponses() {
        return signing;
    }
}

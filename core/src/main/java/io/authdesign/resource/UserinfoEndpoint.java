package io.authdesign.resource;

import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.FailureLog;
import io.authdesign.internal.Json;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.token.BearerToken;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The userinfo endpoint (GET and POST): the access token (Bearer, with the {@code openid} scope; in the
 * Authorization header, or in a POST's form body as {@code access_token}, RFC 6750 section 2.2) is
 * authenticated like a protected route's, revocation of its grant included, then the handler's claims
 * are returned with the token's {@code sub}: as JSON, or as a JWT signed for the token's client when the
 * route's {@link UserinfoRoute#signResponses lookup} names an algorithm for it (OpenID Connect Core 1.0
 * section 5.3.2).
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">OpenID Connect Core
 *     section 5.3</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse">OpenID Connect Core
 *     1.0 section 5.3.2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-2.2">RFC 6750 section 2.2</a>
 */
public final class UserinfoEndpoint implements Endpoint.Handler {

    /** The media type of a signed UserInfo response (OpenID Connect Core 1.0 section 5.3.2). */
    public static final String JWT_MEDIA_TYPE = "application/jwt";

    private final UserinfoRoute route;
    private final ResourceAuthenticator authenticator;
    private final String scheme;
    private final Logger logger;
    private final JwtHelpers jwt;

    /**
     * An endpoint whose responses are JSON only.
     *
     * @param route the route
     * @param authenticator authenticates the access token
     * @param scheme the token scheme of error responses, such as {@code Bearer}
     * @param logger where handler failures are logged
     */
    public UserinfoEndpoint(UserinfoRoute route, ResourceAuthenticator authenticator, String scheme, Logger logger) {
        this(route, authenticator, scheme, logger, null);
    }

    /**
     * An endpoint that signs the responses of the clients the route's lookup names an algorithm for.
     *
     * @param route the route
     * @param authenticator authenticates the access token
     * @param scheme the token scheme of error responses, such as {@code Bearer}
     * @param logger where handler failures are logged
     * @param jwt the flow's JWT helpers that sign responses, or {@code null} for JSON responses only
     */
    public UserinfoEndpoint(
            UserinfoRoute route, ResourceAuthenticator authenticator, String scheme, Logger logger, JwtHelpers jwt) {
        this.route = route;
        this.authenticator = authenticator;
        this.scheme = scheme;
        this.logger = logger;
        this.jwt = jwt;
    }

    @Override
    public HttpResponse handle(HttpRequest received) {
        HttpRequest request;
        try {
            request = withBodyToken(received);
        } catch (OAuth2Exception e) {
            return ResourceResponses.invalidRequest(scheme, e.error().description())
                    .response();
        }
        AuthResult result = authenticator.authenticate(request, Set.of("openid"));
        if (result instanceof AuthResult.Refused refused) {
            return refused.response();
        }
        var credentials = ((AuthResult.Authenticated) result).credentials();
        Map<String, Object> claims;
        Optional<SigningAlgorithm> algorithm;
        try {
            claims = route.getHandler().claims(credentials, request);
            algorithm = claims == null || jwt == null
                    ? Optional.empty()
                    : route.getSignedResponses().algorithm(credentials);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The userinfo handler failed for subject '{}'", credentials.subject());
            return ResourceResponses.failure(e).response();
        }
        if (claims == null) {
            return ResourceResponses.invalidToken(scheme, "The access token is not valid for userinfo")
                    .response();
        }
        Map<String, Object> body = new LinkedHashMap<>(claims);
        body.put("sub", credentials.subject());
        if (algorithm.isPresent()) {
            return signed(credentials, body, algorithm.get());
        }
        return HttpResponse.status(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body(OAuth2Responses.JSON, Json.write(body))
                .build();
    }

    /**
     * OpenID Connect Core 1.0 section 5.3.2: the claims as a JWS with {@code iss} and {@code aud}, {@code
     * application/jwt}. An algorithm the flow does not sign with is a configuration fault of the client:
     * {@code server_error}, logged.
     */
    private HttpResponse signed(Credentials credentials, Map<String, Object> body, SigningAlgorithm algorithm) {
        String token;
        try {
            token = jwt.signUserinfoResponse(credentials.clientId(), body, algorithm)
                    .token();
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "Signing the userinfo response of client '{}' failed", credentials.clientId());
            return ResourceResponses.failure(e).response();
        }
        return HttpResponse.status(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body(JWT_MEDIA_TYPE, token.getBytes(StandardCharsets.US_ASCII))
                .build();
    }

    /**
     * RFC 6750 section 2.2: a POST with a form body may carry the access token as {@code access_token}
     * instead of the Authorization header (never both); the request is then read as if the header held it
     * with the Bearer scheme. A DPoP-bound token cannot travel this way: its scheme is refused.
     *
     * @throws OAuth2Exception {@code invalid_request} for a malformed form or a token sent twice
     */
    static HttpRequest withBodyToken(HttpRequest request) throws OAuth2Exception {
        if (!request.method().equals("POST")
                || !request.mediaType().equals("application/x-www-form-urlencoded")
                || request.bodyLength() == 0) {
            return request;
        }
        Optional<String> token = FormRequest.parse(request).param("access_token");
        if (token.isEmpty()) {
            return request;
        }
        if (!request.headers("Authorization").isEmpty()) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_REQUEST, "The access token must be sent in one way only");
        }
        HttpRequest.Builder copy = HttpRequest.builder(request.method(), request.path())
                .query(request.query())
                .body(request.body())
                .remoteAddress(request.remoteAddress())
                .header("Authorization", BearerToken.PREFIX + " " + token.get());
        request.headers().forEach((name, values) -> values.forEach(value -> copy.header(name, value)));
        return copy.build();
    }
}

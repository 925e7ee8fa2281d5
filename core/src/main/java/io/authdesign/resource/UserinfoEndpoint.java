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
import io.authdesign.token.BearerToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The userinfo endpoint (GET and POST): the access token (Bearer, with the {@code openid} scope; in the
 * Authorization header, or in a POST's form body as {@code access_token}, RFC 6750 section 2.2) is
 * authenticated like a protected route's, revocation of its grant included, then the handler's claims
 * are returned with the token's {@code sub}.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">OpenID Connect Core
 *     section 5.3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-2.2">RFC 6750 section 2.2</a>
 */
public final class UserinfoEndpoint implements Endpoint.Handler {

    private final UserinfoRoute route;
    private final ResourceAuthenticator authenticator;
    private final String scheme;
    private final Logger logger;

    public UserinfoEndpoint(UserinfoRoute route, ResourceAuthenticator authenticator, String scheme, Logger logger) {
        this.route = route;
        this.authenticator = authenticator;
        this.scheme = scheme;
        this.logger = logger;
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
        try {
            claims = route.getHandler().claims(credentials, request);
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
        return HttpResponse.status(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body(OAuth2Responses.JSON, Json.write(body))
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

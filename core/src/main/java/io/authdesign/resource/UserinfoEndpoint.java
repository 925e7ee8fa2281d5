package io.authdesign.resource;

import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.FailureLog;
import io.authdesign.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The userinfo endpoint (GET and POST): the access token (Bearer, with the {@code openid} scope) is
 * authenticated like a protected route's, then the handler's claims are returned with the token's
 * {@code sub}.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">OpenID Connect Core
 *     section 5.3</a>
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
    public HttpResponse handle(HttpRequest request) {
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
}

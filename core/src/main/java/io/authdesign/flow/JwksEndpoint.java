package io.authdesign.flow;

import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.Json;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.keys.JwksRoute;
import org.slf4j.LoggerFactory;

/**
 * The JWKS endpoint: the published public keys, newest first, never a private member, cacheable for the
 * activation delay (a rotated-in key is published that long before it signs).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
final class JwksEndpoint implements Endpoint.Handler {

    private final JwtAuthority authority;
    private final JwksRoute route;
    private final String cacheControl;

    JwksEndpoint(JwtAuthority authority, JwksRoute route) {
        this.authority = authority;
        this.route = route;
        this.cacheControl =
                "public, max-age=" + authority.lifecycle().activationDelay().toSeconds();
    }

    static Endpoint endpoint(JwtAuthority authority, JwksRoute route) {
        return new Endpoint("GET", route.getPath(), new JwksEndpoint(authority, route));
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        Object body;
        try {
            body = route.getHandler() == null
                    ? authority.jwks()
                    : route.getHandler().respond(authority.jwks(), request);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(JwksEndpoint.class).error("The JWKS handler failed", e);
            return OAuth2Responses.error(OAuth2Responses.failure(e), request);
        }
        return HttpResponse.status(200)
                .header("Cache-Control", cacheControl)
                .body(OAuth2Responses.JSON, Json.write(body))
                .build();
    }
}

package io.authdesign.flow;

import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.Json;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.keys.JwksRoute;
import io.authdesign.keys.StoredKey;
import io.authdesign.store.FailureLog;
import java.util.List;
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

    /** The default document's bytes and the key list they were made from; replaced when the list changes. */
    private volatile Serialised serialised;

    private record Serialised(List<StoredKey> keys, byte[] body) {}

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
        try {
            if (route.getHandler() == null) {
                return ok(defaultDocument());
            }
            return ok(Json.write(route.getHandler().respond(authority.jwks(), request)));
        } catch (RuntimeException e) {
            FailureLog.log(LoggerFactory.getLogger(JwksEndpoint.class), e, "The JWKS endpoint failed");
            return OAuth2Responses.error(OAuth2Responses.failure(e), request);
        }
    }

    /**
     * The published keys' document, serialised again only when the store's key list changes (a key added,
     * rotated in or expired): rotation invalidates it, and a request never sees an older list than the
     * store's.
     */
    private byte[] defaultDocument() {
        List<StoredKey> keys = authority
                .lifecycle()
                .store()
                .getKeys(authority.lifecycle().clock().instant());
        Serialised current = serialised;
        if (current == null || !current.keys().equals(keys)) {
            current = new Serialised(List.copyOf(keys), Json.write(JwtAuthority.jwks(keys)));
            serialised = current;
        }
        return current.body();
    }

    private HttpResponse ok(byte[] body) {
        return HttpResponse.status(200)
                .header("Cache-Control", cacheControl)
                .body(OAuth2Responses.JSON, body)
                .build();
    }
}

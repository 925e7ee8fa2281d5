package io.authdesign.keys;

import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.FailureLog;
import io.authdesign.internal.Json;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The JWKS endpoint: the published public keys, newest first, never a private member, cacheable for the
 * activation delay (a rotated-in key is published that long before it signs).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public final class JwksEndpoint implements Endpoint.Handler {

    private final KeyLifecycle lifecycle;
    private final JwksRoute route;
    private final String cacheControl;

    /** The default document's bytes and the key list they were made from; replaced when the list changes. */
    private volatile Serialised serialised;

    private record Serialised(List<StoredKey> keys, byte[] body) {}

    /**
     * Creates the endpoint.
     *
     * @param lifecycle the keys to publish
     * @param route the route (path and optional handler)
     */
    public JwksEndpoint(KeyLifecycle lifecycle, JwksRoute route) {
        this.lifecycle = lifecycle;
        this.route = route;
        this.cacheControl = "public, max-age=" + lifecycle.activationDelay().toSeconds();
    }

    /**
     * The endpoint mounted at the route's path.
     *
     * @param lifecycle the keys to publish
     * @param route the route
     * @return the {@code GET} endpoint
     */
    public static Endpoint endpoint(KeyLifecycle lifecycle, JwksRoute route) {
        return new Endpoint("GET", route.getPath(), new JwksEndpoint(lifecycle, route));
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        try {
            if (route.getHandler() == null) {
                return ok(defaultDocument());
            }
            return ok(Json.write(route.getHandler().respond(JwkSet.document(keys()), request)));
        } catch (RuntimeException e) {
            FailureLog.log(LoggerFactory.getLogger(JwksEndpoint.class), e, "The JWKS endpoint failed");
            return OAuth2Responses.error(OAuth2Responses.failure(e));
        }
    }

    /**
     * The published keys' document, serialised again only when the store's key list changes (a key added,
     * rotated in or expired): rotation invalidates it, and a request never sees an older list than the
     * store's.
     */
    private byte[] defaultDocument() {
        List<StoredKey> keys = keys();
        Serialised current = serialised;
        if (current == null || !current.keys().equals(keys)) {
            current = new Serialised(List.copyOf(keys), Json.write(JwkSet.document(keys)));
            serialised = current;
        }
        return current.body();
    }

    private List<StoredKey> keys() {
        return lifecycle.store().getKeys(lifecycle.clock().instant());
    }

    private HttpResponse ok(byte[] body) {
        return HttpResponse.status(200)
                .header("Cache-Control", cacheControl)
                .body(OAuth2Responses.JSON, body)
                .build();
    }
}

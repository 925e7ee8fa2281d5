package io.authdesign.resource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * The authorization server's metadata, found from its issuer identifier: the RFC 8414 document
 * ({@code /.well-known/oauth-authorization-server}, inserted before the issuer's path), or when that is not
 * served the OpenID Connect one ({@code <issuer>/.well-known/openid-configuration}). The document's
 * {@code issuer} must equal the configured issuer exactly (RFC 8414 section 3.3), else it is refused as if
 * unreachable. A document found is kept; a failure is remembered for a short while, so that a down
 * authorization server is asked at most once per that while.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-3">RFC 8414 section 3</a>
 * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">OpenID Connect
 *     Discovery section 4</a>
 */
final class IssuerMetadata {

    static final String OAUTH_PATH = "/.well-known/oauth-authorization-server";
    static final String OPENID_PATH = "/.well-known/openid-configuration";

    private final String issuer;
    private final RemoteJson remote;
    private final Clock clock;
    private final Duration retryAfterFailure;
    private final Logger logger;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Map<String, Object> metadata;
    private volatile Instant failedUntil = Instant.MIN;

    IssuerMetadata(String issuer, RemoteJson remote, Clock clock, Duration retryAfterFailure, Logger logger) {
        this.issuer = issuer;
        this.remote = remote;
        this.clock = clock;
        this.retryAfterFailure = retryAfterFailure;
        this.logger = logger;
    }

    /**
     * The URL of an endpoint the metadata names, such as {@code jwks_uri}.
     *
     * @throws RemoteJson.Failure when the metadata cannot be had now, or names no such http(s) URL
     */
    URI endpoint(String member) throws RemoteJson.Failure {
        Object value = metadata().get(member);
        if (!(value instanceof String url)) {
            throw new RemoteJson.Failure("The metadata of " + issuer + " has no " + member);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RemoteJson.Failure("The metadata of " + issuer + " has a malformed " + member);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new RemoteJson.Failure(
                    "The metadata of " + issuer + " has a " + member + " that is not an http(s) URL");
        }
        return uri;
    }

    private Map<String, Object> metadata() throws RemoteJson.Failure {
        Map<String, Object> found = metadata;
        if (found != null) {
            return found;
        }
        lock.lock();
        try {
            if (metadata != null) {
                return metadata;
            }
            if (clock.instant().isBefore(failedUntil)) {
                throw new RemoteJson.Failure("The metadata of " + issuer + " failed a moment ago");
            }
            try {
                metadata = fetch();
                return metadata;
            } catch (RemoteJson.Failure e) {
                failedUntil = clock.instant().plus(retryAfterFailure);
                logger.warn("Discovering the authorization server {} failed: {}", issuer, e.getMessage());
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Object> fetch() throws RemoteJson.Failure {
        RemoteJson.Reply reply = remote.get(oauthMetadataUrl(issuer));
        if (reply.status() == 404) {
            reply = remote.get(URI.create(trimmed(issuer) + OPENID_PATH));
        }
        if (reply.status() != 200) {
            throw new RemoteJson.Failure("its metadata answered " + reply.status());
        }
        if (!issuer.equals(reply.json().get("issuer"))) {
            throw new RemoteJson.Failure(
                    "its metadata names another issuer: " + reply.json().get("issuer"));
        }
        return reply.json();
    }

    /** RFC 8414 section 3.1: the well-known segment goes between the host and the issuer's path. */
    static URI oauthMetadataUrl(String issuer) {
        URI uri = URI.create(issuer);
        String path = uri.getRawPath() == null ? "" : trimmed(uri.getRawPath());
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + OAUTH_PATH + path);
    }

    private static String trimmed(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}

package io.authdesign.ready;

import io.authdesign.internal.BoundedFetch;
import io.authdesign.jwt.PublicKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches clients' JWK Sets from their {@code jwks_uri} and caches each for a while. Redirects are not
 * followed, the document is limited in size (read as it arrives) and the whole exchange in time: the URI is
 * the registration's, nothing else. A failure is
 * logged and not cached.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 */
final class JwksUriFetcher {

    static final int MAX_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredClientKeys.class);

    /**
     * How soon after a fetch an assertion with a key id the cached set lacks may fetch the set again: a
     * client that rotated its keys is served within this delay, and assertions naming made-up key ids cause
     * at most one fetch per URI in it.
     */
    static final Duration UNKNOWN_KID_REFETCH = Duration.ofSeconds(30);

    private record Cached(PublicKeys keys, Instant fetched, Instant expires) {}

    private final Map<URI, Cached> cache = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final Duration timeout;
    private volatile HttpClient http;

    JwksUriFetcher(Clock clock, Duration ttl, Duration timeout) {
        this.clock = clock;
        this.ttl = ttl;
        this.timeout = timeout;
    }

    /** The keys at the URI, or empty when they cannot be fetched. */
    Optional<PublicKeys> keys(URI uri) {
        return keys(uri, null);
    }

    /**
     * The keys at the URI, fetched again before the cache expires when {@code kid} names a key the cached
     * set lacks and {@link #UNKNOWN_KID_REFETCH} has passed since the last fetch (OpenID Connect Core
     * section 10.1.1: an unfamiliar {@code kid} sends the verifier back to the {@code jwks_uri}).
     *
     * @param kid the key id of the JWT to verify, or {@code null}
     */
    Optional<PublicKeys> keys(URI uri, String kid) {
        Instant now = clock.instant();
        Cached cached = cache.get(uri);
        if (cached != null && now.isBefore(cached.expires())) {
            boolean unknownKid = kid != null && cached.keys().jwkSet().getKeyByKeyId(kid) == null;
            if (!unknownKid || now.isBefore(cached.fetched().plus(UNKNOWN_KID_REFETCH))) {
                return Optional.of(cached.keys());
            }
        }
        try {
            BoundedFetch.Answer answer = BoundedFetch.send(
                    http(),
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Accept", "application/jwk-set+json, application/json")
                            .build(),
                    MAX_BYTES,
                    timeout);
            if (answer.status() != 200) {
                LOG.warn("Fetching client keys from {} answered {}", uri, answer.status());
                return Optional.empty();
            }
            PublicKeys keys = PublicKeys.parse(new String(answer.body(), StandardCharsets.UTF_8));
            cache.put(uri, new Cached(keys, now, now.plus(ttl)));
            return Optional.of(keys);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Fetching client keys from {} failed: {}", uri, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The client, made at the first fetch: a flow whose clients register no {@code jwks_uri} needs none. */
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                client = http;
            }
        }
        return client;
    }
}

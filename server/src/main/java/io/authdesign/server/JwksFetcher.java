package io.authdesign.server;

import io.authdesign.jwt.PublicKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches clients' JWK Sets from their configured {@code jwksUri}, caching each for {@link #TTL}. A fetch
 * failure leaves the client without keys (its assertion is refused) and is logged.
 */
final class JwksFetcher {

    static final Duration TTL = Duration.ofMinutes(5);
    private static final int MAX_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JwksFetcher.class);

    private record Cached(PublicKeys keys, Instant expires) {}

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<URI, Cached> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    JwksFetcher(Clock clock) {
        this.clock = clock;
    }

    /** The keys at the URI, or {@code null} when they cannot be fetched. */
    PublicKeys keys(URI uri) {
        Instant now = clock.instant();
        Cached cached = cache.get(uri);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.keys();
        }
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .header("Accept", "application/jwk-set+json, application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || response.body().length > MAX_BYTES) {
                LOG.warn("Fetching client keys from {} answered {}", uri, response.statusCode());
                return null;
            }
            PublicKeys keys = PublicKeys.parse(new String(response.body(), StandardCharsets.UTF_8));
            cache.put(uri, new Cached(keys, now.plus(TTL)));
            return keys;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Fetching client keys from {} failed: {}", uri, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

package io.authdesign.redis;

import io.authdesign.OAuth2Exception;
import io.authdesign.http.FormCodec;
import io.authdesign.http.FormParameters;
import io.authdesign.store.PushedRequest;
import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.TokenHashes;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link PushedRequestStore} on Redis: each request a hash under {@code par:<hash of the request_uri>}
 * with its expiry (PX), written at once; {@link #consume} is one {@code DEL}, so exactly one caller
 * deletes it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126">RFC 9126</a>
 */
final class RedisPushedRequestStore implements PushedRequestStore {

    private final Redis redis;
    private final Clock clock;

    RedisPushedRequestStore(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public void save(PushedRequest request) {
        Objects.requireNonNull(request, "request");
        long ttl = Duration.between(clock.instant(), request.expiresAt()).toMillis();
        if (ttl <= 0) {
            return;
        }
        String value =
                Redis.micros(request.expiresAt()) + "\n" + request.clientId() + "\n" + encode(request.parameters());
        String set = redis.call(
                "Save pushed request",
                r -> r.set(
                        key(request.requestUri()), value, SetArgs.Builder.nx().px(ttl)));
        if (!"OK".equals(set)) {
            throw new IllegalArgumentException("A pushed request with this request_uri is stored");
        }
    }

    @Override
    public Optional<PushedRequest> find(String requestUri) {
        if (requestUri == null) {
            return Optional.empty();
        }
        String value = redis.call("Find pushed request", r -> r.get(key(requestUri)));
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\n", 3);
        PushedRequest request = new PushedRequest(requestUri, parts[1], decode(parts[2]), Redis.instant(parts[0]));
        return request.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(request);
    }

    @Override
    public boolean consume(String requestUri) {
        if (requestUri == null || find(requestUri).isEmpty()) {
            return false;
        }
        Long deleted = redis.call("Consume pushed request", r -> r.del(key(requestUri)));
        return deleted != null && deleted == 1;
    }

    private String key(String requestUri) {
        return redis.key("par", TokenHashes.sha256(requestUri));
    }

    private static String encode(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> FormCodec.encode(p.getKey()) + "=" + FormCodec.encode(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> decode(String encoded) {
        try {
            return FormParameters.parse(encoded).asMap();
        } catch (OAuth2Exception e) {
            throw new IllegalStateException("A stored pushed request is not form-encoded", e);
        }
    }
}

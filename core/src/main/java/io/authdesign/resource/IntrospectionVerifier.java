package io.authdesign.resource;

import io.authdesign.http.FormCodec;
import io.authdesign.store.TokenHashes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Asks the authorization server whether an access token is active (RFC 7662 section 2), authenticating
 * as the resource server's client with {@code client_secret_basic}. An active answer must name the issuer
 * in {@code iss} when it has one, be unexpired, be of an access token type ({@code Bearer} or
 * {@code DPoP}) when it says, name one of the resource server's audiences when it has them, and carry
 * {@code sub}; its members are the token's claims ({@code scope}, {@code client_id}, {@code cnf} ...).
 *
 * <p>Answers are cached (RFC 7662 section 4) by the token's SHA-256 hash, in a cache bounded in size
 * (least recently used out first) and time: an active answer for the cache's lifetime but never past the
 * token's {@code exp}, an inactive one for the cache's lifetime. A failure (unreachable, not 200, not JSON)
 * is not cached: the request gets 503 and the next one asks again.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662">RFC 7662</a>
 */
final class IntrospectionVerifier implements AccessTokenVerifier {

    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("bearer", "dpop");

    /** Where the introspection endpoint is: discovered, or configured. */
    @FunctionalInterface
    interface Location {
        URI uri() throws RemoteJson.Failure;
    }

    private record Cached(AccessTokenVerification result, Instant until) {}

    private final String issuer;
    private final Location location;
    private final String authorization;
    private final Set<String> audiences;
    private final RemoteJson remote;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache;
    private final Logger logger;

    IntrospectionVerifier(
            String issuer,
            Location location,
            String clientId,
            String clientSecret,
            Set<String> audiences,
            RemoteJson remote,
            Clock clock,
            int cacheSize,
            Duration ttl,
            Logger logger) {
        this.issuer = issuer;
        this.location = location;
        // RFC 6749 section 2.3.1: each part form-url-encoded before Basic
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((FormCodec.encode(clientId) + ":" + FormCodec.encode(clientSecret))
                                .getBytes(StandardCharsets.UTF_8));
        this.audiences = Set.copyOf(audiences);
        this.remote = remote;
        this.clock = clock;
        this.ttl = ttl;
        this.logger = logger;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > cacheSize;
            }
        };
    }

    @Override
    public AccessTokenVerification verify(String token) {
        String key = TokenHashes.sha256(token);
        Instant now = clock.instant();
        synchronized (cache) {
            Cached cached = cache.get(key);
            if (cached != null && now.isBefore(cached.until())) {
                return cached.result();
            }
            cache.remove(key);
        }
        AccessTokenVerification result;
        try {
            URI endpoint = location.uri();
            RemoteJson.Reply reply = remote.postForm(
                    endpoint, authorization, "token=" + FormCodec.encode(token) + "&token_type_hint=access_token");
            if (reply.status() != 200) {
                throw new RemoteJson.Failure(endpoint + " answered " + reply.status());
            }
            result = judge(reply.json(), now);
        } catch (RemoteJson.Failure e) {
            logger.warn("Introspecting an access token failed: {}", e.getMessage());
            return new AccessTokenVerification.Unavailable(e.getMessage());
        }
        Instant until = now.plus(ttl);
        if (result instanceof AccessTokenVerification.Verified verified
                && verified.claims().get("exp") instanceof Number exp
                && Instant.ofEpochSecond(exp.longValue()).isBefore(until)) {
            until = Instant.ofEpochSecond(exp.longValue());
        }
        if (now.isBefore(until)) {
            synchronized (cache) {
                cache.put(key, new Cached(result, until));
            }
        }
        return result;
    }

    /** The verdict on an introspection response (RFC 7662 section 2.2). */
    private AccessTokenVerification judge(Map<String, Object> response, Instant now) throws RemoteJson.Failure {
        if (!(response.get("active") instanceof Boolean active)) {
            throw new RemoteJson.Failure("the introspection response has no boolean 'active'");
        }
        String refusal = null;
        if (!active) {
            refusal = "inactive";
        } else if (response.containsKey("iss") && !issuer.equals(response.get("iss"))) {
            refusal = "issuer " + response.get("iss");
        } else if (response.get("exp") instanceof Number exp && !now.isBefore(Instant.ofEpochSecond(exp.longValue()))) {
            refusal = "expired";
        } else if (response.get("token_type") instanceof String type
                && !ACCESS_TOKEN_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            refusal = "token_type " + type;
        } else if (!audiences.isEmpty()
                && audience(response.get("aud")).stream().noneMatch(audiences::contains)) {
            refusal = "audience " + response.get("aud");
        } else if (!(response.get("sub") instanceof String sub) || sub.isEmpty()) {
            refusal = "no sub";
        }
        return refusal == null
                ? new AccessTokenVerification.Verified(response)
                : new AccessTokenVerification.Rejected(refusal);
    }

    /** {@code aud}: a string or an array of strings (RFC 7662 section 2.2, RFC 7519 section 4.1.3). */
    private static List<String> audience(Object aud) {
        if (aud instanceof String one) {
            return List.of(one);
        }
        if (aud instanceof List<?> many) {
            return many.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }
        return List.of();
    }
}

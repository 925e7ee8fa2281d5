package io.authdesign.redis;

import io.authdesign.StoreUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The stores' access to Redis: prefixed keys, Lua scripts run by SHA with a fallback to their source
 * (after a Redis restart forgets them), Lettuce failures turned into {@link StoreUnavailableException},
 * and the encoding of typed fields (instants as epoch microseconds, which Lua compares exactly).
 */
final class Redis {

    /** A Lua script and its SHA-1. */
    record Script(String source, String sha) {
        static Script of(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required by every Java platform", e);
            }
        }
    }

    private final RedisClusterCommands<String, String> commands;
    private final String prefix;

    Redis(RedisClusterCommands<String, String> commands, String prefix) {
        this.commands = commands;
        this.prefix = prefix;
    }

    String key(String kind, String id) {
        return prefix + kind + ":" + id;
    }

    /** Runs a command, turning a Redis failure into {@link StoreUnavailableException}. */
    <T> T call(String operation, Function<RedisClusterCommands<String, String>, T> command) {
        try {
            return command.apply(commands);
        } catch (RedisException e) {
            throw new StoreUnavailableException(operation + " failed on Redis", e);
        }
    }

    /** Runs a script by SHA, sending its source if Redis does not have it. */
    <T> T eval(String operation, Script script, ScriptOutputType type, String[] keys, String... args) {
        return call(operation, redis -> {
            try {
                return redis.<T>evalsha(script.sha(), type, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.<T>eval(script.source(), type, keys, args);
            }
        });
    }

    /** A flat field-value list, as HGETALL returns it, as a map. */
    static Map<String, String> fields(List<?> flat, int from) {
        Map<String, String> fields = new HashMap<>();
        for (int i = from; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return fields;
    }

    static String micros(Instant instant) {
        return instant == null ? null : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
    }

    static Instant instant(String micros) {
        return micros == null ? null : Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
    }

    /** Time to live in milliseconds until {@code expiresAt}, at least 1. */
    static String ttlMillis(Instant now, Instant expiresAt) {
        return Long.toString(Math.max(1, now.until(expiresAt, ChronoUnit.MILLIS)));
    }

    /** A set of tokens (scopes, {@code amr}) as one space-separated field; RFC 6749 section 3.3 tokens have no space. */
    static String joinTokens(Collection<String> tokens) {
        for (String token : tokens) {
            if (token.isEmpty() || token.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("A token must be non-empty and without spaces: '" + token + "'");
            }
        }
        return String.join(" ", tokens.stream().sorted().toList());
    }

    static Set<String> splitTokens(String field) {
        return field == null || field.isEmpty() ? Set.of() : Set.of(field.split(" "));
    }

    /** Field-value pairs, leaving out null values. */
    static List<String> pairs(String... fieldsAndValues) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
            if (fieldsAndValues[i + 1] != null) {
                pairs.addAll(Arrays.asList(fieldsAndValues[i], fieldsAndValues[i + 1]));
            }
        }
        return pairs;
    }
}

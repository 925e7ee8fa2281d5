package io.authdesign.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RedisStores} needs beyond the server and the clock.
 *
 * @param keyPrefix prepended to every key, so several servers (or tests) share one Redis apart
 * @param commandTimeout how long a command may take before the store reports itself unavailable
 * @param random the source of session ids
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1
 *     ({@code temporarily_unavailable})</a>
 */
public record RedisStoreOptions(String keyPrefix, Duration commandTimeout, SecureRandom random) {

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "authdesign:";

    /** The default command timeout: short, so that a request fails fast when Redis is gone. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    /** Validates the components. */
    public RedisStoreOptions {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("A command timeout must be positive");
        }
        Objects.requireNonNull(random, "random");
    }

    /** The defaults: {@link #DEFAULT_KEY_PREFIX}, {@link #DEFAULT_COMMAND_TIMEOUT}, a new {@link SecureRandom}. */
    public static RedisStoreOptions defaults() {
        return new RedisStoreOptions(DEFAULT_KEY_PREFIX, DEFAULT_COMMAND_TIMEOUT, new SecureRandom());
    }

    /** These options with another key prefix. */
    public RedisStoreOptions withKeyPrefix(String prefix) {
        return new RedisStoreOptions(prefix, commandTimeout, random);
    }
}

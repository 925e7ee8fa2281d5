package io.authdesign.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a design's signing keys live: where they are stored, how long a public key stays published, when
 * keys rotate, and how long a new key is published before it signs.
 *
 * <p>A key signs only while every token it signs can still be verified: it stops signing
 * {@code maxTokenLifetime} before its public half expires. Rotation therefore needs
 * {@code publicKeyExpiry > rotationInterval + activationDelay + maxTokenLifetime + clock skew (60 s)}, which
 * the constructor checks. Build one with {@link #builder(JwksKeyStore)}.
 *
 * @param store the key store
 * @param rotationTimestamps the rotation timestamp store, empty without rotation
 * @param rotationInterval the rotation interval, empty without rotation
 * @param publicKeyExpiry how long a key is published after its creation
 * @param activationDelay how long a rotated-in key is published before it signs (the JWKS cache max-age)
 * @param maxTokenLifetime the longest lifetime of a token signed with these keys
 * @param clock the clock
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public record KeyLifecycle(
        JwksKeyStore store,
        Optional<JwksRotationTimestampStore> rotationTimestamps,
        Optional<Duration> rotationInterval,
        Duration publicKeyExpiry,
        Duration activationDelay,
        Duration maxTokenLifetime,
        Clock clock) {

    /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat} of the JWTs the keys sign. */
    public static final long CLOCK_SKEW_SECONDS = 60;

    /** The original's default public key lifetime: 10 hours. */
    public static final Duration DEFAULT_PUBLIC_KEY_EXPIRY = Duration.ofHours(10);

    /** The default JWKS cache max-age, also the delay before a rotated-in key signs: 5 minutes. */
    public static final Duration DEFAULT_ACTIVATION_DELAY = Duration.ofMinutes(5);

    /**
     * Checks the lifecycle.
     *
     * @throws IllegalArgumentException when keys would sign tokens that outlive their publication
     */
    public KeyLifecycle {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        if (rotationTimestamps.isPresent() != rotationInterval.isPresent()) {
            throw new IllegalArgumentException("Rotation needs both an interval and a timestamp store");
        }
        if (rotationInterval.isPresent() && !rotationInterval.get().isPositive()) {
            throw new IllegalArgumentException("The rotation interval must be positive");
        }
        if (activationDelay.isNegative() || !maxTokenLifetime.isPositive()) {
            throw new IllegalArgumentException("Invalid activation delay or token lifetime");
        }
        Duration needed = rotationInterval
                .orElse(Duration.ZERO)
                .plus(activationDelay)
                .plus(maxTokenLifetime)
                .plusSeconds(CLOCK_SKEW_SECONDS);
        if (publicKeyExpiry.compareTo(needed) <= 0) {
            throw new IllegalArgumentException("The public key expiry (" + publicKeyExpiry.toSeconds()
                    + " s) must exceed the rotation interval + JWKS max-age + token TTL + 60 s clock skew ("
                    + needed.toSeconds()
                    + " s), or tokens would outlive the key that verifies them");
        }
    }

    /**
     * Starts a lifecycle of the keys in {@code store}: no rotation, the default public key expiry and
     * activation delay, the system clock; the maximum token lifetime must be set.
     *
     * @param store the key store
     * @return the builder
     */
    public static Builder builder(JwksKeyStore store) {
        return new Builder(store);
    }

    /** Builds a {@link KeyLifecycle}; {@link #build()} checks it. */
    public static final class Builder {

        private final JwksKeyStore store;
        private JwksRotationTimestampStore rotationTimestamps;
        private Duration rotationInterval;
        private Duration publicKeyExpiry = DEFAULT_PUBLIC_KEY_EXPIRY;
        private Duration activationDelay = DEFAULT_ACTIVATION_DELAY;
        private Duration maxTokenLifetime;
        private Clock clock = Clock.systemUTC();

        private Builder(JwksKeyStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Rotates the keys every {@code interval}, claimed in {@code timestamps} so that one node of those
         * sharing it rotates per interval.
         *
         * @param interval the rotation interval
         * @param timestamps the rotation timestamp store
         * @return this builder
         */
        public Builder rotation(Duration interval, JwksRotationTimestampStore timestamps) {
            this.rotationInterval = Objects.requireNonNull(interval, "interval");
            this.rotationTimestamps = Objects.requireNonNull(timestamps, "timestamps");
            return this;
        }

        /** Sets how long a key is published after its creation; {@link #DEFAULT_PUBLIC_KEY_EXPIRY} by default. */
        public Builder publicKeyExpiry(Duration value) {
            this.publicKeyExpiry = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets how long a rotated-in key is published before it signs (the JWKS cache max-age);
         * {@link #DEFAULT_ACTIVATION_DELAY} by default.
         */
        public Builder activationDelay(Duration value) {
            this.activationDelay = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Sets the longest lifetime of a token signed with these keys; required. */
        public Builder maxTokenLifetime(Duration value) {
            this.maxTokenLifetime = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Sets the clock; the system clock by default. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Builds the lifecycle.
         *
         * @return the lifecycle
         * @throws IllegalStateException when the maximum token lifetime is not set
         * @throws IllegalArgumentException when keys would sign tokens that outlive their publication
         */
        public KeyLifecycle build() {
            if (maxTokenLifetime == null) {
                throw new IllegalStateException("A key lifecycle needs the maximum token lifetime");
            }
            return new KeyLifecycle(
                    store,
                    Optional.ofNullable(rotationTimestamps),
                    Optional.ofNullable(rotationInterval),
                    publicKeyExpiry,
                    activationDelay,
                    maxTokenLifetime,
                    clock);
        }
    }
}

package io.authdesign.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyLifecycleTest {

    private final InMemoryKeyStore store = new InMemoryKeyStore();

    @Test
    void builderWhenOnlyTokenLifetimeSetThenNoRotationAndTheDefaults() {
        KeyLifecycle lifecycle = KeyLifecycle.builder(store)
                .maxTokenLifetime(Duration.ofHours(1))
                .build();

        assertThat(lifecycle)
                .isEqualTo(new KeyLifecycle(
                        store,
                        Optional.empty(),
                        Optional.empty(),
                        KeyLifecycle.DEFAULT_PUBLIC_KEY_EXPIRY,
                        KeyLifecycle.DEFAULT_ACTIVATION_DELAY,
                        Duration.ofHours(1),
                        Clock.systemUTC()));
    }

    @Test
    void builderWhenEveryComponentNamedThenTheLifecycleHoldsThem() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

        KeyLifecycle lifecycle = KeyLifecycle.builder(store)
                .rotation(Duration.ofHours(1), store)
                .publicKeyExpiry(Duration.ofHours(3))
                .activationDelay(Duration.ofMinutes(1))
                .maxTokenLifetime(Duration.ofMinutes(10))
                .clock(clock)
                .build();

        assertThat(lifecycle.rotationInterval()).contains(Duration.ofHours(1));
        assertThat(lifecycle.rotationTimestamps()).containsSame(store);
        assertThat(lifecycle.publicKeyExpiry()).isEqualTo(Duration.ofHours(3));
        assertThat(lifecycle.activationDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(lifecycle.maxTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(lifecycle.clock()).isSameAs(clock);
    }

    @Test
    void buildWhenNoTokenLifetimeThenIllegalState() {
        assertThatThrownBy(() -> KeyLifecycle.builder(store).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maximum token lifetime");
    }

    @Test
    void buildWhenKeysWouldSignTokensOutlivingTheirPublicationThenIllegalArgument() {
        // 1 h interval + 5 min activation + 1 h tokens + 60 s skew = 7560 s
        KeyLifecycle.Builder builder = KeyLifecycle.builder(store)
                .rotation(Duration.ofHours(1), store)
                .maxTokenLifetime(Duration.ofHours(1))
                .publicKeyExpiry(Duration.ofSeconds(7560));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(7560 s)");
        assertThat(builder.publicKeyExpiry(Duration.ofSeconds(7561)).build().publicKeyExpiry())
                .isEqualTo(Duration.ofSeconds(7561));
    }
}

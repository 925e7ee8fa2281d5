package io.authdesign.ready;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.store.DeviceAuthorization;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DevicePoll;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryDeviceCodeStore;
import io.authdesign.store.UserCodeHasher;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A device code store other nodes share needs a user code key they share too: never a silent random one. */
class UserCodeHasherRequirementTest {

    /** Stands for a shared store (JDBC, Redis): anything but the in-memory one. */
    private static final class SharedStore implements DeviceCodeStore {
        private final InMemoryDeviceCodeStore memory = new InMemoryDeviceCodeStore(Clock.systemUTC());

        @Override
        public void save(DeviceAuthorization authorization) {
            memory.save(authorization);
        }

        @Override
        public int countActive(String clientId, Instant now) {
            return memory.countActive(clientId, now);
        }

        @Override
        public Optional<DeviceAuthorization> findByUserCodeHash(String userCodeHash) {
            return memory.findByUserCodeHash(userCodeHash);
        }

        @Override
        public boolean approve(String userCodeHash, String subject, Set<String> scopes, Instant authTime) {
            return memory.approve(userCodeHash, subject, scopes, authTime);
        }

        @Override
        public boolean deny(String userCodeHash) {
            return memory.deny(userCodeHash);
        }

        @Override
        public DevicePoll poll(String deviceCode, String clientId, Instant now) {
            return memory.poll(deviceCode, clientId, now);
        }
    }

    @Test
    void buildWhenASharedStoreHasNoUserCodeHasherThenRefusedWithTheFix() {
        assertThatThrownBy(() -> ReadyDeviceFlow.builder()
                        .clients(new InMemoryClientStore(), null)
                        .devices(new SharedStore())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("userCodeHasher(new UserCodeHasher(key))");
    }

    @Test
    void userCodeHasherWhenTheSameKeyThenTheSameHashWhateverTheTypingAndAnotherKeyAnotherHash() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        UserCodeHasher node1 = new UserCodeHasher(key);
        UserCodeHasher node2 = new UserCodeHasher(key.clone());
        assertThat(node1.hash("WDJB-MJHT")).isEqualTo(node2.hash(" wdjb mjht ")).hasSize(43);
        assertThat(node1.hash("WDJB-MJHT"))
                .isNotEqualTo(UserCodeHasher.withRandomKey(new SecureRandom()).hash("WDJB-MJHT"));
        assertThatThrownBy(() -> new UserCodeHasher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}

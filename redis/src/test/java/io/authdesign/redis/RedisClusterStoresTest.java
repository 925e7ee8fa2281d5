package io.authdesign.redis;

import io.authdesign.replay.ReplayStore;
import io.authdesign.replay.ReplayStoreContract;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.AttemptStoreContract;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.AuthorizationCodeStoreContract;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DeviceCodeStoreContract;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.GrantRevocationStoreContract;
import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.PushedRequestStoreContract;
import io.authdesign.store.SessionStore;
import io.authdesign.store.SessionStoreContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Every Redis store's contract, run against a three-master Redis Cluster on loopback ({@link
 * TestRedisCluster}): a script whose keys spanned hash slots would fail there with {@code CROSSSLOT}, so a
 * deployment that outgrows one Redis keeps working.
 */
class RedisClusterStoresTest {

    private final TestRedisCluster cluster = new TestRedisCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Nested
    class Attempts extends AttemptStoreContract {
        @Override
        protected AttemptStore newStore(Clock clock) {
            return cluster.open(clock).attempts();
        }
    }

    @Nested
    class AuthorizationCodes extends AuthorizationCodeStoreContract {
        @Override
        protected AuthorizationCodeStore newStore(Clock clock) {
            return cluster.open(clock).authorizationCodes();
        }
    }

    @Nested
    class DeviceCodes extends DeviceCodeStoreContract {
        @Override
        protected DeviceCodeStore newStore(Clock clock) {
            return cluster.open(clock).deviceCodes();
        }

        @Override
        protected DeviceCodeStore anotherNode(Clock clock) {
            return cluster.open(clock).deviceCodes();
        }

        @Override
        protected java.util.List<String> everythingStored() {
            return cluster.everythingStored();
        }
    }

    @Nested
    class GrantRevocations extends GrantRevocationStoreContract {
        @Override
        protected GrantRevocationStore newStore(Clock clock) {
            return cluster.open(clock).grantRevocations();
        }
    }

    @Nested
    class PushedRequests extends PushedRequestStoreContract {
        @Override
        protected PushedRequestStore newStore(Clock clock) {
            return cluster.open(clock).pushedRequests();
        }
    }

    @Nested
    class Replays extends ReplayStoreContract {
        @Override
        protected ReplayStore newStore(Clock clock) {
            return cluster.open(clock).replays();
        }

        /** Redis expires replay entries by its own clock: let the time really pass. */
        @Override
        protected void elapse(Duration duration) {
            super.elapse(duration);
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class Sessions extends SessionStoreContract {
        @Override
        protected SessionStore newStore(Clock clock) {
            return cluster.open(clock).sessions();
        }
    }
}

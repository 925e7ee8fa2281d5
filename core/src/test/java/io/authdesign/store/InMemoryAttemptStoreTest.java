package io.authdesign.store;

import java.time.Clock;

class InMemoryAttemptStoreTest extends AttemptStoreContract {

    @Override
    protected AttemptStore newStore(Clock clock) {
        return new InMemoryAttemptStore(clock);
    }
}

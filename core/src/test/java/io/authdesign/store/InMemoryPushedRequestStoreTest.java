package io.authdesign.store;

import java.time.Clock;

class InMemoryPushedRequestStoreTest extends PushedRequestStoreContract {

    @Override
    protected PushedRequestStore newStore(Clock clock) {
        return new InMemoryPushedRequestStore(clock);
    }
}

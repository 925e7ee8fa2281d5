package io.authdesign.store;

import java.time.Clock;

class InMemoryClientStoreTest extends ClientStoreContract {

    @Override
    protected ClientStore newStore(Clock clock) {
        return new InMemoryClientStore();
    }
}

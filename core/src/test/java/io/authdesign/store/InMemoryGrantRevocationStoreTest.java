package io.authdesign.store;

import java.time.Clock;

class InMemoryGrantRevocationStoreTest extends GrantRevocationStoreContract {

    @Override
    protected GrantRevocationStore newStore(Clock clock) {
        return new InMemoryGrantRevocationStore(clock);
    }
}

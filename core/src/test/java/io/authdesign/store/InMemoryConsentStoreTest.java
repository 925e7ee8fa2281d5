package io.authdesign.store;

import java.time.Clock;

class InMemoryConsentStoreTest extends ConsentStoreContract {

    @Override
    protected ConsentStore newStore(Clock clock) {
        return new InMemoryConsentStore();
    }
}

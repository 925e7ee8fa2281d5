package io.authdesign.store;

import java.time.Clock;

class InMemoryDeviceCodeStoreTest extends DeviceCodeStoreContract {

    @Override
    protected DeviceCodeStore newStore(Clock clock) {
        return new InMemoryDeviceCodeStore(clock);
    }
}

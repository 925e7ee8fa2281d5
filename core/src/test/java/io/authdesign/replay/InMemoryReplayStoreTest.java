package io.authdesign.replay;

import java.time.Clock;

class InMemoryReplayStoreTest extends ReplayStoreContract {

    @Override
    protected ReplayStore newStore(Clock clock) {
        return new InMemoryReplayStore(clock);
    }
}

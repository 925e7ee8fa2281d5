package io.authdesign.store;

import java.time.Clock;

class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContract {

    @Override
    protected RefreshTokenStore newStore(Clock clock) {
        return new InMemoryRefreshTokenStore(clock);
    }
}

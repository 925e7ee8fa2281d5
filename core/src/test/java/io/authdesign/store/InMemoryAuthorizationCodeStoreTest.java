package io.authdesign.store;

import java.time.Clock;

class InMemoryAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {

    @Override
    protected AuthorizationCodeStore newStore(Clock clock) {
        return new InMemoryAuthorizationCodeStore(clock);
    }
}

package io.authdesign.keys;

class InMemoryRotationTimestampStoreTest extends JwksRotationTimestampStoreContract {

    @Override
    protected JwksRotationTimestampStore newStore() {
        return new InMemoryKeyStore();
    }
}

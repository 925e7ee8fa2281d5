package io.authdesign.keys;

class InMemoryKeyStoreTest extends JwksKeyStoreContract {

    @Override
    protected JwksKeyStore newStore() {
        return new InMemoryKeyStore();
    }
}

package io.authdesign.server;

/**
 * {@link ScaleOutTest} with the nodes also sharing Redis, which then holds codes, sessions, device polling
 * and the replay entries of assertions and DPoP proofs.
 */
class ScaleOutRedisTest extends ScaleOutTest {

    @Override
    boolean withRedis() {
        return true;
    }
}

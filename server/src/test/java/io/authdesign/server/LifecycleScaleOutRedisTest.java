package io.authdesign.server;

/** {@link LifecycleScaleOutTest} with the nodes also sharing Redis, which then holds the revocation list. */
class LifecycleScaleOutRedisTest extends LifecycleScaleOutTest {

    @Override
    boolean withRedis() {
        return true;
    }
}

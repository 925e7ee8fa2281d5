/** The short-lived store SPIs (codes, device polling, sessions, replay entries) on Redis, through Lettuce. */
module io.authdesign.redis {
    requires transitive io.authdesign.core;
    requires lettuce.core;

    exports io.authdesign.redis;
}

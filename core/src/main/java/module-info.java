/**
 * AuthDesign core: flow builders, the token, authorization, device authorization, userinfo and JWKS
 * endpoints, client authentication, DPoP, JWT helpers, discovery, store SPIs with in-memory stores, and
 * ready handlers. It knows no HTTP server and no database: adapters and store modules depend on it.
 *
 * <p>Every package is API except {@code io.authdesign.internal}, which holds the JSON writer, failure
 * logging and issuer URL helpers shared by the endpoints.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 */
module io.authdesign.core {
    requires transitive org.slf4j;
    requires transitive com.nimbusds.jose.jwt;
    requires com.fasterxml.jackson.databind;
    requires transitive java.net.http;
    requires static micrometer.core;

    exports io.authdesign;
    exports io.authdesign.authorize;
    exports io.authdesign.client;
    exports io.authdesign.device;
    exports io.authdesign.dpop;
    exports io.authdesign.flow;
    exports io.authdesign.http;
    exports io.authdesign.jwt;
    exports io.authdesign.keys;
    exports io.authdesign.lifecycle;
    exports io.authdesign.observe;
    exports io.authdesign.ready;
    exports io.authdesign.registration;
    exports io.authdesign.replay;
    exports io.authdesign.resource;
    exports io.authdesign.store;
    exports io.authdesign.token;
}

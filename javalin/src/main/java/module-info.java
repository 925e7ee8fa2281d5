/**
 * The Javalin 7 adapter: mounts a design's endpoints and protects routes with its authenticator.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750">RFC 6750</a>
 */
module io.authdesign.javalin {
    requires transitive io.authdesign.core;
    requires transitive io.javalin;
    requires jakarta.servlet;

    exports io.authdesign.javalin;
}

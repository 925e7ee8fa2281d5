/**
 * The Jakarta Servlet 6 adapter: a servlet and filters that mount a design's endpoints and protect routes
 * with its authenticator, in any Servlet 6 container (Jetty 12 ee10, Tomcat 10.1 and 11, Spring Boot).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3">RFC 6749 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750">RFC 6750</a>
 */
module io.authdesign.servlet {
    requires transitive io.authdesign.core;
    requires transitive jakarta.servlet;

    exports io.authdesign.servlet;
}

/**
 * Ready handlers: complete, standards-correct flows built only on the public API and the store SPIs of
 * {@link io.authdesign.store}. A ready handler configures a flow builder's routes with {@code install};
 * every route can still be replaced by the user's own lambda afterwards. {@link
 * io.authdesign.ready.RegisteredClientKeys} verifies registered clients' JWT assertions.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523">RFC 7523</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628">RFC 8628</a>
 */
package io.authdesign.ready;

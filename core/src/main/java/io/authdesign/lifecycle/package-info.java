/**
 * The token lifecycle endpoints beside the token endpoint: revocation (RFC 7009) and introspection (RFC
 * 7662, with the RFC 9701 JWT response). Both authenticate the client as the token endpoint does and hand
 * the presented token to the flows' handlers in order.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009">RFC 7009</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662">RFC 7662</a>
 */
package io.authdesign.lifecycle;

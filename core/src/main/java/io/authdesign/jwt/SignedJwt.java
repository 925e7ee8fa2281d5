package io.authdesign.jwt;

import java.util.Objects;

/**
 * A signed JWT and the key id that signed it, as the original's helpers return them.
 *
 * @param token the compact serialisation
 * @param kid the signing key's id
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7519">RFC 7519</a>
 */
public record SignedJwt(String token, String kid) {

    /** Validates the components. */
    public SignedJwt {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(kid, "kid");
    }
}

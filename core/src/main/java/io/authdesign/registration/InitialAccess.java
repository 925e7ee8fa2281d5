package io.authdesign.registration;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Who may register a client: anyone ({@link #open()}), or the bearer of an initial access token that the
 * check accepts ({@link #token(Predicate)}). Registration that nobody may use is simply not served.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-3">RFC 7591 section 3</a>
 */
public sealed interface InitialAccess permits InitialAccess.Open, InitialAccess.TokenRequired {

    /** Open registration: any request may register a client (RFC 7591 section 3). */
    static InitialAccess open() {
        return new Open();
    }

    /**
     * Registration with an initial access token (RFC 7591 section 3): the request must carry {@code
     * Authorization: Bearer <token>} and the check must accept the token.
     *
     * @param check accepts an initial access token; it must not throw for client input
     * @return the policy
     */
    static InitialAccess token(Predicate<String> check) {
        return new TokenRequired(check);
    }

    /** Open registration. */
    record Open() implements InitialAccess {}

    /**
     * Registration with an initial access token.
     *
     * @param check accepts a token
     */
    record TokenRequired(Predicate<String> check) implements InitialAccess {
        /** Validates the check. */
        public TokenRequired {
            Objects.requireNonNull(check, "check");
        }
    }
}

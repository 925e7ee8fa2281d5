package io.authdesign.lifecycle;

import io.authdesign.OAuth2Error;
import java.util.Objects;

/**
 * What a revocation handler answers: {@link #REVOKED} (the token is now unusable, or was never valid:
 * both are 200), {@link #CONTINUE} ("not mine": the next flow's handler is asked, and when none knows the
 * token the answer is 200 as well), or an {@link #error error} such as {@code invalid_client} or
 * {@code unsupported_token_type}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.2">RFC 7009 section 2.2</a>
 */
public sealed interface RevocationResult
        permits RevocationResult.Revoked, RevocationResult.Continue, RevocationResult.Refused {

    /** The token is revoked (or was invalid): 200. */
    RevocationResult REVOKED = new Revoked();

    /** This handler does not know the token. */
    RevocationResult CONTINUE = new Continue();

    /** A refusal, answered as RFC 6749 section 5.2 says. */
    static RevocationResult error(OAuth2Error error) {
        return new Refused(error);
    }

    /** See {@link #REVOKED}. */
    record Revoked() implements RevocationResult {}

    /** See {@link #CONTINUE}. */
    record Continue() implements RevocationResult {}

    /**
     * See {@link #error}.
     *
     * @param error the error
     */
    record Refused(OAuth2Error error) implements RevocationResult {
        /** Validates the error. */
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}

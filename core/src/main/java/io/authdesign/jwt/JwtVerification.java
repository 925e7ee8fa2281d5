package io.authdesign.jwt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of verifying a JWT: its claims, or why it was refused. The reason is for logs, not for
 * clients.
 */
public sealed interface JwtVerification permits JwtVerification.Verified, JwtVerification.Rejected {

    /**
     * The token is authentic and valid now.
     *
     * @param claims the claims set, as JSON values
     */
    record Verified(Map<String, Object> claims) implements JwtVerification {
        /** Copies the claims. */
        public Verified {
            claims = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(claims, "claims")));
        }
    }

    /**
     * The token was refused.
     *
     * @param reason why, for logs
     */
    record Rejected(String reason) implements JwtVerification {}
}

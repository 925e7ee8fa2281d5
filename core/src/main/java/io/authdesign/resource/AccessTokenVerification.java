package io.authdesign.resource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link AccessTokenVerifier} found out about an access token: it is valid now (with its claims),
 * it is not, or the authorization server that could tell was unreachable. The reasons are for logs, never
 * for clients.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-4">RFC 9068 section 4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2.2">RFC 7662 section 2.2</a>
 */
public sealed interface AccessTokenVerification
        permits AccessTokenVerification.Verified,
                AccessTokenVerification.Rejected,
                AccessTokenVerification.Unavailable {

    /**
     * The token is valid now.
     *
     * @param claims its claims (a JWT's claims set, or the members of an introspection response): at least
     *     {@code sub}; {@code scope}, {@code client_id} and {@code cnf} when the token has them
     */
    record Verified(Map<String, Object> claims) implements AccessTokenVerification {
        /** Copies the claims. */
        public Verified {
            claims = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(claims, "claims")));
        }
    }

    /**
     * The token is not valid: the request gets 401 {@code invalid_token}.
     *
     * @param reason why, for logs
     */
    record Rejected(String reason) implements AccessTokenVerification {}

    /**
     * Whether the token is valid could not be decided (the issuer's keys or its introspection endpoint were
     * unreachable): the request gets 503 {@code temporarily_unavailable}, and the client keeps its token.
     *
     * @param reason why, for logs
     */
    record Unavailable(String reason) implements AccessTokenVerification {}
}

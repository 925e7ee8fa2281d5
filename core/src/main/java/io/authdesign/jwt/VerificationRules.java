package io.authdesign.jwt;

import java.util.Objects;
import java.util.Set;

/**
 * What a JWT must satisfy besides its signature: allowed algorithms, {@code typ}, issuer and, when not
 * empty, one of the audiences.
 *
 * @param algorithms the allowed algorithms
 * @param type the required {@code typ} ({@code at+jwt} for access tokens, RFC 9068 section 4)
 * @param issuer the required {@code iss}
 * @param audiences the accepted audiences; empty to skip the check
 */
public record VerificationRules(Set<SigningAlgorithm> algorithms, String type, String issuer, Set<String> audiences) {

    /** Validates and copies the components. */
    public VerificationRules {
        algorithms = Set.copyOf(algorithms);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(issuer, "issuer");
        audiences = Set.copyOf(audiences);
    }
}

package io.authdesign.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.JwtVerifier;
import io.authdesign.jwt.PublicKeys;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies JWT access tokens of a remote issuer as RFC 9068 section 4 requires: {@code typ: at+jwt}; an
 * algorithm of the allow-list (asymmetric only, so never {@code none} or HMAC with a public key); the
 * signature with a key of the issuer's JWK Set ({@link RemoteJwks}); {@code iss} exactly the issuer;
 * {@code exp} required and not past, {@code nbf} and {@code iat} (required) not in the future, each with
 * the clock skew; {@code aud} naming one of the resource server's audiences when it has them;
 * {@code sub} and {@code client_id} present.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-4">RFC 9068 section 4</a>
 */
final class RemoteJwtVerifier implements AccessTokenVerifier {

    private final String issuer;
    private final Set<JWSAlgorithm> algorithms;
    private final Set<String> audiences;
    private final RemoteJwks jwks;
    private final Clock clock;
    private final Duration skew;

    RemoteJwtVerifier(
            String issuer,
            Set<JWSAlgorithm> algorithms,
            Set<String> audiences,
            RemoteJwks jwks,
            Clock clock,
            Duration skew) {
        this.issuer = issuer;
        this.algorithms = Set.copyOf(algorithms);
        this.audiences = Set.copyOf(audiences);
        this.jwks = jwks;
        this.clock = clock;
        this.skew = skew;
    }

    @Override
    public AccessTokenVerification verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            return new AccessTokenVerification.Rejected("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            return new AccessTokenVerification.Rejected("algorithm " + header.getAlgorithm() + " not allowed");
        }
        if (!JwtVerifier.typeMatches(header.getType(), JwtHelpers.ACCESS_TOKEN_TYPE)) {
            return new AccessTokenVerification.Rejected("typ " + header.getType() + " is not at+jwt");
        }
        Optional<PublicKeys> keys = jwks.keys(header.getKeyID());
        if (keys.isEmpty()) {
            return new AccessTokenVerification.Unavailable("the issuer's keys could not be fetched");
        }
        try {
            if (!verifies(jwt, keys.get())) {
                return new AccessTokenVerification.Rejected(
                        "no key of the issuer verifies it (kid " + header.getKeyID() + ")");
            }
            return checkClaims(jwt.getJWTClaimsSet());
        } catch (JOSEException | ParseException e) {
            return new AccessTokenVerification.Rejected(
                    "unverifiable: " + e.getClass().getSimpleName());
        }
    }

    private static boolean verifies(SignedJWT jwt, PublicKeys keys) throws JOSEException {
        for (JWSVerifier verifier : keys.verifiersFor(jwt.getHeader())) {
            if (jwt.verify(verifier)) {
                return true;
            }
        }
        return false;
    }

    private AccessTokenVerification checkClaims(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        String refusal = null;
        if (!issuer.equals(claims.getIssuer())) {
            refusal = "issuer " + claims.getIssuer();
        } else if (claims.getExpirationTime() == null
                || !claims.getExpirationTime().toInstant().isAfter(now.minus(skew))) {
            refusal = "expired or no exp";
        } else if (after(claims.getNotBeforeTime(), now.plus(skew))) {
            refusal = "not yet valid";
        } else if (claims.getIssueTime() == null || after(claims.getIssueTime(), now.plus(skew))) {
            refusal = "no iat, or issued in the future";
        } else if (!audiences.isEmpty()
                && (claims.getAudience() == null
                        || claims.getAudience().stream().noneMatch(audiences::contains))) {
            refusal = "audience " + claims.getAudience();
        } else if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
            refusal = "no sub";
        } else if (claims.getStringClaim("client_id") == null) {
            refusal = "no client_id";
        }
        return refusal == null
                ? new AccessTokenVerification.Verified(claims.toJSONObject())
                : new AccessTokenVerification.Rejected(refusal);
    }

    private static boolean after(Date date, Instant limit) {
        return date != null && date.toInstant().isAfter(limit);
    }
}

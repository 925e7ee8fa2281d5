package io.authdesign.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.http.FormRequest;
import io.authdesign.replay.ReplayStore;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks RFC 7523 section 3 requires of a JWT client assertion, shared by {@link ClientSecretJwt} and
 * {@link PrivateKeyJwt}, in this order: assertion type; parse; algorithm family (else the other method may
 * apply) and allow-list; {@code iss} = {@code sub} = client id (and the {@code client_id} parameter, if
 * sent); {@code aud} names the issuer or the endpoint; {@code exp} present, not passed, at most
 * {@link #MAX_LIFETIME} ahead; {@code nbf} and {@code iat} not in the future; key found; signature;
 * {@code jti} present, at most {@value ReplayStore#MAX_VALUE_LENGTH} characters, and never seen
 * before. Every failure is {@code invalid_client}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-3">RFC 7523 section 3</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7521#section-4.2">RFC 7521 section 4.2</a>
 */
final class ClientAssertions {

    /** The {@code client_assertion_type} of JWT assertions. */
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** How far in the future an assertion's {@code exp} may be. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ClientAssertions.class);

    private ClientAssertions() {}

    /** What parsing an assertion found. */
    sealed interface Parsed permits Candidate, Refused, OtherFamily {}

    /**
     * A parsed assertion whose claims passed; the signature is still to check. {@code issuerAudience}: its
     * {@code aud} is the issuer identifier as a single string (FAPI 2.0 Security Profile section 5.3.2.1).
     */
    record Candidate(SignedJWT jwt, JWTClaimsSet claims, String clientId, Instant expiry, boolean issuerAudience)
            implements Parsed {}

    /** An assertion that breaks a rule. */
    record Refused(ClientAuthResult.Rejected rejection) implements Parsed {}

    /** An assertion signed with an algorithm of the other method's family: not this method's to judge. */
    enum OtherFamily implements Parsed {
        /** The only value. */
        INSTANCE
    }

    /** Finds the verifiers for a candidate, or empty when the client is unknown or has no usable key. */
    @FunctionalInterface
    interface VerifierLookup {
        List<JWSVerifier> verifiers(Candidate candidate) throws JOSEException;
    }

    /**
     * Parses the assertion and checks everything but the signature.
     *
     * @param issuerAudienceOnly whether {@code aud} must be the issuer, as a single string (FAPI 2.0)
     * @return the candidate, a refusal, or the other family when the algorithm is not this method's
     */
    static Parsed parse(
            FormRequest request,
            ClientAuthContext context,
            Set<JWSAlgorithm> family,
            Set<JWSAlgorithm> allowed,
            boolean issuerAudienceOnly) {
        Optional<String> type = request.param("client_assertion_type");
        Optional<String> assertion = request.param("client_assertion");
        if (type.isEmpty() || assertion.isEmpty() || !type.get().equals(JWT_BEARER)) {
            return reject("client assertion type missing or unsupported");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion.get());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return reject("client assertion is not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!family.contains(alg)) {
            return OtherFamily.INSTANCE;
        }
        if (!allowed.contains(alg)) {
            return reject("client assertion algorithm " + alg + " not allowed");
        }
        String issuer = claims.getIssuer();
        if (issuer == null || issuer.isEmpty() || !issuer.equals(claims.getSubject())) {
            return reject("client assertion iss and sub must both be the client id");
        }
        if (request.param("client_id").filter(id -> !id.equals(issuer)).isPresent()) {
            return reject("client_id does not match the client assertion");
        }
        // the raw payload: the parsed claims turn a string aud into a list
        boolean issuerAudience =
                context.issuer().equals(jwt.getPayload().toJSONObject().get("aud"));
        if (issuerAudienceOnly) {
            if (!issuerAudience) {
                return reject("client assertion aud " + claims.getAudience() + " is not the issuer as a string");
            }
        } else if (claims.getAudience() == null
                || claims.getAudience().stream().noneMatch(context.acceptedAudiences()::contains)) {
            return reject("client assertion aud " + claims.getAudience() + " names neither issuer nor endpoint");
        }
        Optional<String> badTime = checkTimes(claims, context.clock().instant());
        if (badTime.isPresent()) {
            return reject(badTime.get());
        }
        return new Candidate(jwt, claims, issuer, claims.getExpirationTime().toInstant(), issuerAudience);
    }

    private static Optional<String> checkTimes(JWTClaimsSet claims, Instant now) {
        if (claims.getExpirationTime() == null) {
            return Optional.of("client assertion has no exp");
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (!exp.isAfter(now.minus(SKEW))) {
            return Optional.of("client assertion expired");
        }
        if (exp.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
            return Optional.of("client assertion exp too far in the future");
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().isAfter(now.plus(SKEW))) {
            return Optional.of("client assertion not yet valid");
        }
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(now.plus(SKEW))) {
            return Optional.of("client assertion issued in the future");
        }
        if (claims.getJWTID() == null || claims.getJWTID().isEmpty()) {
            return Optional.of("client assertion has no jti");
        }
        if (claims.getJWTID().length() > ReplayStore.MAX_VALUE_LENGTH) {
            return Optional.of("client assertion jti too long");
        }
        return Optional.empty();
    }

    /** Verifies the signature with the looked-up keys, then records the {@code jti}. */
    static ClientAuthResult verify(
            Candidate candidate,
            VerifierLookup lookup,
            ReplayStore replays,
            ClientAuthContext context,
            ClientAuthenticationMethod method) {
        try {
            List<JWSVerifier> verifiers = lookup.verifiers(candidate);
            boolean valid = false;
            for (JWSVerifier verifier : verifiers) {
                if (candidate.jwt().verify(verifier)) {
                    valid = true;
                    break;
                }
            }
            if (!valid) {
                return reject(verifiers.isEmpty() ? "no key for client" : "client assertion signature invalid")
                        .rejection();
            }
        } catch (JOSEException | RuntimeException e) {
            LOG.warn("Client assertion of '{}' could not be verified: {}", candidate.clientId(), e.getMessage());
            return reject("client assertion unverifiable").rejection();
        }
        Instant now = context.clock().instant();
        Duration remember = Duration.between(now, candidate.expiry()).plus(SKEW);
        String key = "client-assertion:" + candidate.clientId() + ":"
                + candidate.claims().getJWTID();
        if (!replays.add(key, remember.isNegative() ? SKEW : remember)) {
            return reject("client assertion jti replayed").rejection();
        }
        return new ClientAuthResult.Authenticated(
                new ClientAuthentication(candidate.clientId(), null, method, candidate.issuerAudience()));
    }

    static Refused reject(String reason) {
        LOG.debug("Client assertion refused: {}", reason);
        return new Refused(rejection());
    }

    private static ClientAuthResult.Rejected rejection() {
        return new ClientAuthResult.Rejected(
                OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED));
    }
}

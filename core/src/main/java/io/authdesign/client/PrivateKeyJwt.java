package io.authdesign.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import io.authdesign.jwt.PublicKeys;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code private_key_jwt}: the client authenticates with a JWT signed with its private key (RS256 by
 * default; RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 and EdDSA with {@link #addAlgorithm}).
 * The application supplies the client's public keys with {@link #getPublicKeyForClient(KeyLookup)}; the
 * library checks the assertion as RFC 7523 section 3 requires and refuses a replayed {@code jti}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-2.2">RFC 7523 section 2.2</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication">OpenID Connect
 *     Core section 9</a>
 */
public final class PrivateKeyJwt extends AssertionMethod<PrivateKeyJwt> {

    private static final Set<JWSAlgorithm> FAMILY = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA);

    /** Finds a client's public keys. */
    @FunctionalInterface
    public interface KeyLookup {
        /**
         * Returns the client's public keys, or {@code null} when the client is unknown or may not use
         * this method.
         *
         * @param clientId the client id the assertion claims ({@code iss} = {@code sub})
         * @param claims the assertion's claims, not yet verified
         * @param assertion the assertion as sent
         * @return the keys, or {@code null}
         * @throws Exception on failure; the client is refused
         */
        PublicKeys getPublicKeyForClient(String clientId, Map<String, Object> claims, String assertion)
                throws Exception;
    }

    private KeyLookup keys = (clientId, claims, assertion) -> null;

    /** Creates the method, allowing RS256. */
    public PrivateKeyJwt() {
        super(FAMILY, JWSAlgorithm.RS256);
    }

    @Override
    PrivateKeyJwt self() {
        return this;
    }

    /** Sets how to find a client's public keys. */
    public PrivateKeyJwt getPublicKeyForClient(KeyLookup lookup) {
        this.keys = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    @Override
    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.PRIVATE_KEY_JWT;
    }

    @Override
    List<JWSVerifier> verifiers(ClientAssertions.Candidate candidate) throws JOSEException {
        PublicKeys found;
        try {
            found = keys.getPublicKeyForClient(
                    candidate.clientId(),
                    candidate.claims().toJSONObject(),
                    candidate.jwt().serialize());
        } catch (Exception e) {
            throw new JOSEException("key lookup failed", e);
        }
        if (found == null) {
            return List.of();
        }
        // one rule for every client key: kid, use, alg, key type and size (KeyStrength)
        return found.verifiersFor(candidate.jwt().getHeader());
    }
}

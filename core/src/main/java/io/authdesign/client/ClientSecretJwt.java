package io.authdesign.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code client_secret_jwt}: the client authenticates with a JWT signed with HMAC under its client secret
 * (HS256 by default; HS384 and HS512 with {@link #addAlgorithm}). The application supplies the secret with
 * {@link #getClientSecret(SecretLookup)}; the library checks the assertion as RFC 7523 section 3 requires
 * and refuses a replayed {@code jti}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-2.2">RFC 7523 section 2.2</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication">OpenID Connect
 *     Core section 9</a>
 */
public final class ClientSecretJwt extends AssertionMethod<ClientSecretJwt> {

    private static final Set<JWSAlgorithm> FAMILY = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

    /** Finds a client's secret. */
    @FunctionalInterface
    public interface SecretLookup {
        /**
         * Returns the client's secret, or {@code null} when the client is unknown or may not use this method.
         *
         * @param clientId the client id the assertion claims ({@code iss} = {@code sub})
         * @param claims the assertion's claims, not yet verified
         * @param assertion the assertion as sent
         * @return the secret (at least 32 bytes for HS256), or {@code null}
         * @throws Exception on failure; the client is refused
         */
        String getClientSecret(String clientId, Map<String, Object> claims, String assertion) throws Exception;
    }

    private SecretLookup secrets = (clientId, claims, assertion) -> null;

    /** Creates the method, allowing HS256. */
    public ClientSecretJwt() {
        super(FAMILY, JWSAlgorithm.HS256);
    }

    @Override
    ClientSecretJwt self() {
        return this;
    }

    /** Sets how to find a client's secret. */
    public ClientSecretJwt getClientSecret(SecretLookup lookup) {
        this.secrets = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    @Override
    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.CLIENT_SECRET_JWT;
    }

    @Override
    List<JWSVerifier> verifiers(ClientAssertions.Candidate candidate) throws JOSEException {
        String secret;
        try {
            secret = secrets.getClientSecret(
                    candidate.clientId(),
                    candidate.claims().toJSONObject(),
                    candidate.jwt().serialize());
        } catch (Exception e) {
            throw new JOSEException("secret lookup failed", e);
        }
        return secret == null ? List.of() : List.of(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
    }
}

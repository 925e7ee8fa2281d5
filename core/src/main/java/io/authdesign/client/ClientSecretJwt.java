package io.authdesign.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import io.authdesign.http.FormRequest;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
public final class ClientSecretJwt implements ClientAuthMethod {

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

    private final Set<JWSAlgorithm> algorithms =
            new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
    private SecretLookup secrets = (clientId, claims, assertion) -> null;
    private ReplayStore replays = new InMemoryReplayStore();

    /** Creates the method, allowing HS256. */
    public ClientSecretJwt() {
        algorithms.add(JWSAlgorithm.HS256);
    }

    /** Sets how to find a client's secret. */
    public ClientSecretJwt getClientSecret(SecretLookup lookup) {
        this.secrets = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /** Allows another HMAC algorithm: {@code HS384} or {@code HS512}. */
    public ClientSecretJwt addAlgorithm(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        if (!FAMILY.contains(alg)) {
            throw new IllegalArgumentException("client_secret_jwt uses HS256, HS384 or HS512, not " + algorithm);
        }
        algorithms.add(alg);
        return this;
    }

    /** Sets the store that makes each assertion {@code jti} single-use (in memory by default). */
    public ClientSecretJwt setReplayStore(ReplayStore store) {
        this.replays = Objects.requireNonNull(store, "store");
        return this;
    }

    /** The allowed algorithms' names, sorted. */
    public List<String> algorithms() {
        return algorithms.stream().map(JWSAlgorithm::getName).toList();
    }

    @Override
    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.CLIENT_SECRET_JWT;
    }

    @Override
    public CredentialLocation location() {
        return CredentialLocation.ASSERTION;
    }

    @Override
    public ClientAuthResult authenticate(FormRequest request, ClientAuthContext context) {
        Object parsed = ClientAssertions.parse(request, context, FAMILY, Set.copyOf(algorithms));
        if (!(parsed instanceof ClientAssertions.Candidate candidate)) {
            return (ClientAuthResult) parsed;
        }
        return ClientAssertions.verify(
                candidate,
                c -> {
                    String secret;
                    try {
                        secret = secrets.getClientSecret(
                                c.clientId(), c.claims().toJSONObject(), c.jwt().serialize());
                    } catch (Exception e) {
                        throw new JOSEException("secret lookup failed", e);
                    }
                    return secret == null
                            ? List.of()
                            : List.of(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
                },
                replays,
                context,
                method());
    }
}

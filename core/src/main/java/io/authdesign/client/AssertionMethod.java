package io.authdesign.client;

import com.nimbusds.jose.JWSAlgorithm;
import io.authdesign.http.FormRequest;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the two JWT client authentication methods share: an algorithm allow-list within a family, the
 * replay store of assertion {@code jti}s, and the checks of {@link ClientAssertions}.
 *
 * @param <M> the concrete method, returned by the fluent setters
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7523#section-3">RFC 7523 section 3</a>
 */
public abstract sealed class AssertionMethod<M extends AssertionMethod<M>> implements ClientAuthMethod
        permits ClientSecretJwt, PrivateKeyJwt {

    private final Set<JWSAlgorithm> family;
    private final Set<JWSAlgorithm> algorithms =
            new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
    private ReplayStore replays = new InMemoryReplayStore();
    private boolean issuerAudienceOnly;

    AssertionMethod(Set<JWSAlgorithm> family, JWSAlgorithm defaultAlgorithm) {
        this.family = Set.copyOf(family);
        this.algorithms.add(defaultAlgorithm);
    }

    abstract M self();

    /** Allows another algorithm of this method's family. */
    public M addAlgorithm(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        if (!family.contains(alg)) {
            throw new IllegalArgumentException(method() + " does not support " + algorithm);
        }
        algorithms.add(alg);
        return self();
    }

    /**
     * Allows exactly these algorithms of this method's family, replacing the default (for example
     * {@code setAlgorithms("PS256", "ES256")} where RS256 must be refused, as FAPI 2.0 requires).
     *
     * @param names the algorithm names, at least one
     * @return this method
     */
    public M setAlgorithms(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException(method() + " needs at least one algorithm");
        }
        Set<JWSAlgorithm> chosen = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
        for (String name : names) {
            JWSAlgorithm alg = JWSAlgorithm.parse(name);
            if (!family.contains(alg)) {
                throw new IllegalArgumentException(method() + " does not support " + name);
            }
            chosen.add(alg);
        }
        algorithms.clear();
        algorithms.addAll(chosen);
        return self();
    }

    /**
     * Accepts only the issuer identifier, as a single string, as the assertion's {@code aud} (FAPI 2.0
     * Security Profile section 5.3.2.1); by default the issuer or the endpoint's URL, as a string or in an
     * array, are accepted (RFC 7523 section 3, RFC 9126 section 2).
     *
     * @return this method
     * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1">FAPI 2.0
     *     Security Profile section 5.3.2.1</a>
     */
    public M requireIssuerAudience() {
        this.issuerAudienceOnly = true;
        return self();
    }

    /** Sets the store that makes each assertion {@code jti} single-use (in memory by default). */
    public M setReplayStore(ReplayStore store) {
        this.replays = Objects.requireNonNull(store, "store");
        return self();
    }

    /** The allowed algorithms' names, sorted. */
    public List<String> algorithms() {
        return algorithms.stream().map(JWSAlgorithm::getName).toList();
    }

    @Override
    public CredentialLocation location() {
        return CredentialLocation.ASSERTION;
    }

    @Override
    public ClientAuthResult authenticate(FormRequest request, ClientAuthContext context) {
        return switch (ClientAssertions.parse(request, context, family, Set.copyOf(algorithms), issuerAudienceOnly)) {
            case ClientAssertions.Candidate candidate ->
                ClientAssertions.verify(candidate, this::verifiers, replays, context, method());
            case ClientAssertions.Refused refused -> refused.rejection();
            case ClientAssertions.OtherFamily other -> ClientAuthResult.NotApplicable.INSTANCE;
        };
    }

    /** The verifiers of the claimed client's secret or keys; empty when it has none. */
    abstract List<com.nimbusds.jose.JWSVerifier> verifiers(ClientAssertions.Candidate candidate)
            throws com.nimbusds.jose.JOSEException;
}

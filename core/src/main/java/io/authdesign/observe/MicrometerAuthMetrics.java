package io.authdesign.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * Counts and times the {@link AuthEvent}s in a Micrometer {@link MeterRegistry}. Micrometer is an optional
 * dependency of the core: an application that uses this class adds {@code io.micrometer:micrometer-core}
 * (and a registry, e.g. {@code micrometer-registry-prometheus}).
 *
 * <table>
 *   <caption>Meters (Prometheus names in brackets)</caption>
 *   <tr><th>Meter</th><th>Tags</th></tr>
 *   <tr><td>{@value #TOKENS_ISSUED} ({@code authdesign_tokens_issued_total})</td><td>grant_type, client_id</td></tr>
 *   <tr><td>{@value #ERRORS} ({@code authdesign_errors_total})</td><td>endpoint, error</td></tr>
 *   <tr><td>{@value #REQUESTS} ({@code authdesign_requests_seconds})</td><td>method, endpoint, status</td></tr>
 *   <tr><td>{@value #STORE_FAILURES} ({@code authdesign_store_failures_total})</td><td>endpoint</td></tr>
 *   <tr><td>{@value #KEY_ROTATIONS} ({@code authdesign_key_rotations_total})</td><td></td></tr>
 *   <tr><td>{@value #REFRESH_REUSE} ({@code authdesign_refresh_reuse_detected_total})</td><td>client_id</td></tr>
 *   <tr><td>{@value #SIGN_INS} ({@code authdesign_sign_ins_total})</td><td>outcome (success, failure,
 *       throttled)</td></tr>
 *   <tr><td>{@value #CONSENTS} ({@code authdesign_consents_granted_total})</td><td>client_id</td></tr>
 *   <tr><td>{@value #REVOCATIONS} ({@code authdesign_revocations_total})</td><td>kind (token, grant)</td></tr>
 * </table>
 *
 * <p>The {@code client_id} tag has one value per client: with open dynamic client registration, bound the
 * registry's cardinality (a {@code MeterFilter}) or drop the tag.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.1">RFC 6749 section 5.1</a>
 */
public final class MicrometerAuthMetrics implements AuthEventListener {

    /** Tokens issued by the token endpoint. */
    public static final String TOKENS_ISSUED = "authdesign.tokens.issued";

    /** OAuth 2.0 error responses. */
    public static final String ERRORS = "authdesign.errors";

    /** Endpoint latency. */
    public static final String REQUESTS = "authdesign.requests";

    /** Store outages seen while serving a request. */
    public static final String STORE_FAILURES = "authdesign.store.failures";

    /** Signing key rotations. */
    public static final String KEY_ROTATIONS = "authdesign.key.rotations";

    /** Refresh tokens presented again after rotation. */
    public static final String REFRESH_REUSE = "authdesign.refresh.reuse.detected";

    /** Sign-ins by outcome. */
    public static final String SIGN_INS = "authdesign.sign.ins";

    /** Consents granted. */
    public static final String CONSENTS = "authdesign.consents.granted";

    /** Revocations of a token or a grant. */
    public static final String REVOCATIONS = "authdesign.revocations";

    private final MeterRegistry registry;

    /**
     * Creates the metrics.
     *
     * @param registry where the meters are registered
     */
    // the application that calls it has micrometer-core: the core does not pass it on (optional dependency)
    @SuppressWarnings("exports")
    public MicrometerAuthMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onEvent(AuthEvent event) {
        switch (event) {
            case AuthEvent.TokenIssued issued ->
                count(TOKENS_ISSUED, "grant_type", issued.grantType(), "client_id", issued.clientId());
            case AuthEvent.ErrorReturned error -> count(ERRORS, "endpoint", error.endpoint(), "error", error.error());
            case AuthEvent.EndpointServed served ->
                Timer.builder(REQUESTS)
                        .description("Time the authorization server's endpoints take to answer")
                        .tags(
                                "method", served.method(),
                                "endpoint", served.endpoint(),
                                "status", Integer.toString(served.status()))
                        .register(registry)
                        .record(served.duration());
            case AuthEvent.StoreFailed failed -> count(STORE_FAILURES, "endpoint", failed.endpoint());
            case AuthEvent.KeysRotated rotated -> count(KEY_ROTATIONS);
            case AuthEvent.RefreshReuseDetected reuse -> count(REFRESH_REUSE, "client_id", reuse.clientId());
            case AuthEvent.SignInSucceeded signedIn -> count(SIGN_INS, "outcome", "success");
            case AuthEvent.SignInFailed failed -> count(SIGN_INS, "outcome", "failure");
            case AuthEvent.SignInThrottled throttled -> count(SIGN_INS, "outcome", "throttled");
            case AuthEvent.ConsentGranted consent -> count(CONSENTS, "client_id", consent.clientId());
            case AuthEvent.TokenRevoked revoked -> count(REVOCATIONS, "kind", "token");
            case AuthEvent.GrantRevoked revoked -> count(REVOCATIONS, "kind", "grant");
        }
    }

    private void count(String name, String... tags) {
        Counter.builder(name).tags(tags).register(registry).increment();
    }
}

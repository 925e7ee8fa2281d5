package io.authdesign.ready;

import com.nimbusds.jwt.JWTClaimsSet;
import io.authdesign.http.FormCodec;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.UserSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends OpenID Connect Back-Channel Logout 1.0 logout tokens: a JWT of {@code typ} {@code logout+jwt}, signed
 * like the client's ID tokens, with {@code iss}, {@code aud}, {@code iat}, {@code exp}, {@code jti}, the
 * back-channel logout event, {@code sub} and {@code sid}, and never a {@code nonce}; POSTed as the form
 * parameter {@code logout_token} to the client's {@code backchannel_logout_uri}. The request is
 * asynchronous and bounded (the timeout for connecting and for the answer, twice it for the whole
 * exchange), follows no redirect, and a failure is one WARN line: the user's logout never waits for, or
 * fails with, a relying party.
 *
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html#LogoutToken">OpenID Connect
 *     Back-Channel Logout 1.0 section 2.4</a>
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRequest">OpenID Connect
 *     Back-Channel Logout 1.0 section 2.5</a>
 */
final class BackchannelLogout {

    /** The event member of a logout token (section 2.4). */
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /** The {@code typ} header of a logout token (section 2.4, RFC 8725 section 3.11). */
    static final String TYPE = "logout+jwt";

    /** How long a logout token is valid: long enough for the relying party to receive it, no longer. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(BackchannelLogout.class);

    private final String issuer;
    private final SigningAlgorithm defaultAlgorithm;
    private final Duration timeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile HttpClient http;

    BackchannelLogout(String issuer, SigningAlgorithm defaultAlgorithm, Duration timeout, Clock clock) {
        this.issuer = issuer;
        this.defaultAlgorithm = defaultAlgorithm;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * The client, made at the first logout that has a relying party to notify: building one loads the JDK's
     * default TLS context and trust store, a tenth of a second that a server without back-channel clients
     * never needs, and that a server with them spends after start-up rather than before its first token.
     */
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                client = http;
            }
        }
        return client;
    }

    /**
     * Signs the client's logout token and posts it in the background.
     *
     * @return the request in flight, completed with nothing once it is answered, refused or timed out; it
     *     never completes exceptionally
     */
    CompletableFuture<Void> send(JwtAuthority keys, RegisteredClient client, UserSession session) {
        String uri = client.settings().backchannelLogoutUri();
        String token;
        try {
            token = logoutToken(keys, client, session);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Back-channel logout of client '{}' not sent: the logout token could not be signed ({})",
                    client.clientId(),
                    e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + FormCodec.encode(token)))
                .build();
        CompletableFuture<HttpResponse<Void>> exchange =
                http().sendAsync(request, HttpResponse.BodyHandlers.discarding());
        // the request timeout ends the wait for the answer's headers; this ends a body that never finishes
        CompletableFuture.delayedExecutor(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> exchange.cancel(true));
        return exchange.handle((response, failure) -> {
            if (failure != null) {
                LOG.warn("Back-channel logout of client '{}' failed: {}", client.clientId(), reason(failure));
            } else if (response.statusCode() != 200 && response.statusCode() != 204) {
                // section 2.8: 200 on success (204 is common); anything else is the RP's failure
                LOG.warn(
                        "Back-channel logout of client '{}' answered HTTP {}",
                        client.clientId(),
                        response.statusCode());
            }
            return null;
        });
    }

    /** Section 2.4: the claims, signed with the client's ID token algorithm. */
    String logoutToken(JwtAuthority keys, RegisteredClient client, UserSession session) {
        Instant now = clock.instant();
        byte[] jti = new byte[16];
        random.nextBytes(jti);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(client.clientId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti))
                .claim("events", Map.of(EVENT, Map.of()))
                .subject(session.subject())
                .claim("sid", session.sid())
                .build();
        String registered = client.settings().idTokenSignedResponseAlg();
        SigningAlgorithm algorithm = registered != null ? SigningAlgorithm.of(registered) : defaultAlgorithm;
        return keys.signer().sign(algorithm, TYPE, claims).token();
    }

    /** The failure in one line, without a stack trace: its type and message, through wrappers. */
    private String reason(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return "no complete answer within " + timeout.multipliedBy(2).toMillis() + " ms";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

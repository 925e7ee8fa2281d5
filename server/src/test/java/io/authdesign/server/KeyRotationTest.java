package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.flow.MultipleFlows;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.resource.AuthResult;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation of the reference server's design, driven by a test clock: one rotation per
 * {@code signing.rotationInterval}, the new key published at once and signing after the JWKS max-age, and
 * tokens of the old key verifying until it expires. The design's endpoints are called in-process.
 */
class KeyRotationTest {

    /** Interval 3600 s, token TTL 600 s: JWKS max-age 300 s, public key expiry 2 x 3600 + 300 + 600 + 60 = 8160 s. */
    static final String CONFIG = """
            issuer: https://as.example.com
            tokenTtl: 600
            signing:
              rotationInterval: 3600
            clients:
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
            """;

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock(T0);
    private MultipleFlows design;

    @BeforeEach
    void design() throws ConfigException {
        design = ReferenceServer.design(new ConfigLoader(new SecureRandom()).parse("rotation.yaml", CONFIG), clock);
    }

    private HttpResponse call(HttpRequest request) {
        Endpoint endpoint = design.endpoints().stream()
                .filter(e -> e.method().equals(request.method()) && e.path().equals(request.path()))
                .findFirst()
                .orElseThrow();
        try {
            return endpoint.handler().handle(request);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String token() {
        HttpResponse response = call(HttpRequest.builder("POST", "/oauth2/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Http.basic("svc", "svc-secret"))
                .body("grant_type=client_credentials")
                .build());
        assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
        return (String) Http.json(response.bodyAsString()).get("access_token");
    }

    private JsonWebKeySet jwks() {
        HttpResponse response = call(HttpRequest.builder("GET", "/oauth2/keys").build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).hasValue("public, max-age=300");
        try {
            return new JsonWebKeySet(response.bodyAsString());
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> publishedKids() {
        // the ES256 access token keys; the OIDC flows' RS256 ID token keys rotate alongside
        return jwks().getJsonWebKeys().stream()
                .filter(key -> "ES256".equals(key.getAlgorithm()))
                .map(JsonWebKey::getKeyId)
                .toList();
    }

    private static String kid(String token) {
        return (String) ProtectedRouteHttpTest.decode(token.substring(0, token.indexOf('.')))
                .get("kid");
    }

    /** The token verifies now: by the design's resource authentication and by jose4j against the JWKS. */
    private void assertVerifiesNow(String token) {
        AuthResult result = design.authenticator()
                .authenticate(
                        HttpRequest.builder("GET", ReferenceServer.ME)
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        Set.of("read"));
        assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(((AuthResult.Authenticated) result).credentials().subject()).isEqualTo("svc");
        Jose.verifyAccessToken(
                token,
                jwks(),
                "ES256",
                "https://as.example.com",
                NumericDate.fromSeconds(clock.instant().getEpochSecond()));
    }

    private void assertRefusedNow(String token) {
        AuthResult result = design.authenticator()
                .authenticate(
                        HttpRequest.builder("GET", ReferenceServer.ME)
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        Set.of());
        assertThat(result).isInstanceOf(AuthResult.Refused.class);
    }

    @Test
    void clockSweptOverFourIntervalsThenExactlyOneRotationPerInterval() {
        List<Duration> rotations = new ArrayList<>();
        for (long second = 0; second < 4 * 3600; second += 60) {
            clock.set(T0.plusSeconds(second));
            if (design.checkAndRotateKeys()) {
                rotations.add(Duration.ofSeconds(second));
            }
            assertThat(design.checkAndRotateKeys())
                    .as("a second check at the same instant")
                    .isFalse();
        }
        assertThat(rotations)
                .containsExactly(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3));
    }

    @Test
    void checkJustBeforeTheIntervalThenNoRotation() {
        assertThat(design.checkAndRotateKeys()).isTrue();
        clock.set(T0.plusSeconds(3599));
        assertThat(design.checkAndRotateKeys()).isFalse();
        assertThat(publishedKids()).hasSize(1);
        clock.set(T0.plusSeconds(3600));
        assertThat(design.checkAndRotateKeys()).isTrue();
        assertThat(publishedKids()).hasSize(2);
    }

    @Test
    void rotationThenNewKeyPublishedAtOnceSigningAfterMaxAgeAndOldTokensStillVerify() {
        assertThat(design.checkAndRotateKeys()).isTrue();
        List<String> first = publishedKids();
        assertThat(first).hasSize(1);
        String k1 = first.get(0);

        clock.set(T0.plusSeconds(3500));
        String beforeRotation = token();
        assertThat(kid(beforeRotation)).isEqualTo(k1);

        clock.set(T0.plusSeconds(3600));
        assertThat(design.checkAndRotateKeys()).isTrue();
        List<String> second = publishedKids();
        assertThat(second).hasSize(2).endsWith(k1); // newest first
        String k2 = second.get(0);
        assertThat(k2).isNotEqualTo(k1);
        assertVerifiesNow(beforeRotation);

        // The new key signs only once every cache of the old JWKS (max-age 300 s) has expired.
        assertThat(kid(token())).isEqualTo(k1);
        clock.set(T0.plusSeconds(3899));
        String lastOfK1 = token();
        assertThat(kid(lastOfK1)).isEqualTo(k1);
        clock.set(T0.plusSeconds(3900));
        String firstOfK2 = token();
        assertThat(kid(firstOfK2)).isEqualTo(k2);
        assertVerifiesNow(firstOfK2);

        // The old key's tokens verify to the end of their lifetime, after the new key took over.
        clock.set(T0.plusSeconds(3899 + 599));
        assertVerifiesNow(lastOfK1);
        clock.set(T0.plusSeconds(3899 + 600 + 61));
        assertRefusedNow(lastOfK1);

        // The old key stays published until its expiry (created at T0, 8160 s), then it is gone.
        clock.set(T0.plusSeconds(7200));
        assertThat(design.checkAndRotateKeys()).isTrue();
        clock.set(T0.plusSeconds(8159));
        assertThat(publishedKids()).hasSize(3).endsWith(k1);
        clock.set(T0.plusSeconds(8160));
        List<String> afterExpiry = publishedKids();
        assertThat(afterExpiry).hasSize(2).doesNotContain(k1).endsWith(k2);
        assertThat(kid(token())).isEqualTo(afterExpiry.get(0)); // the third key, active since 7200 + 300 s
    }

    @Test
    void sweepOfFiveHoursThenEveryTokenExpiresBeforeItsKeyIsUnpublished() {
        Map<String, Instant> published = new HashMap<>();
        for (long second = 0; second < 5 * 3600; second += 60) {
            clock.set(T0.plusSeconds(second));
            design.checkAndRotateKeys();
            publishedKids().forEach(kid -> published.putIfAbsent(kid, clock.instant()));
            String token = token();
            Map<String, Object> claims = ProtectedRouteHttpTest.decode(token.split("\\.")[1]);
            Instant exp = Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
            assertThat(exp).isEqualTo(clock.instant().plusSeconds(600));
            assertThat(exp).isBefore(published.get(kid(token)).plusSeconds(8160));
        }
        assertThat(published).hasSize(5);
    }
}

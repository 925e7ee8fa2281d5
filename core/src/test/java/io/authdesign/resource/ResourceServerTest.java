package io.authdesign.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ResourceServer} against a stub authorization server that counts its requests: discovery, the
 * JWK Set cache (one fetch for many requests, one refetch per interval for unknown {@code kid}s, failures
 * remembered, bounded staleness), the RFC 9068 checks, and the RFC 7662 introspection client with its
 * bounded cache. The clock is moved by hand: nothing here waits.
 */
class ResourceServerTest {

    static final String API = "https://api.example.com";
    static final String INVALID_TOKEN =
            "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"";

    private final StubAuthorizationServer stub = StubAuthorizationServer.start();
    private final MutableClock clock = new MutableClock(Instant.now());

    @AfterEach
    void stop() {
        stub.close();
    }

    private ResourceServer server(Consumer<ResourceServer.Builder> more) {
        ResourceServer.Builder builder = ResourceServer.builder()
                .issuer(stub.issuer)
                .publicUrl(API)
                .audience(API)
                .clock(clock);
        more.accept(builder);
        return builder.build();
    }

    private ResourceServer server() {
        return server(builder -> {});
    }

    private static HttpResponse call(ResourceServer server, String token, String... scopes) {
        HttpRequest request = HttpRequest.builder("GET", "/orders")
                .header("Authorization", "Bearer " + token)
                .build();
        return switch (server.authenticate(request, Set.of(scopes))) {
            case AuthResult.Authenticated authenticated ->
                HttpResponse.status(200)
                        .body(
                                "text/plain",
                                authenticated.credentials().subject().getBytes(StandardCharsets.UTF_8))
                        .build();
            case AuthResult.Refused refused -> refused.response();
        };
    }

    private Map<String, Object> claims() {
        return stub.claims(clock.instant(), API, "orders:read");
    }

    private static void assertInvalidToken(HttpResponse response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains(INVALID_TOKEN);
        assertThat(response.bodyAsString())
                .isEqualTo(
                        "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid or expired\"}");
    }

    private static void assertUnavailable(HttpResponse response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("5");
        assertThat(response.bodyAsString()).contains("\"error\":\"temporarily_unavailable\"");
    }

    @Test
    void manyRequestsWithValidTokensThenOneDiscoveryAndOneJwksFetch() {
        ResourceServer server = server();
        for (int i = 0; i < 20; i++) {
            HttpResponse response = call(server, stub.token(claims()), "orders:read");
            assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
            assertThat(response.bodyAsString()).isEqualTo("alice");
        }
        assertThat(stub.counts()).containsExactly(1, 1);
    }

    @Test
    void buildThenNothingFetchedUntilTheFirstToken() {
        server();
        assertThat(stub.counts()).containsExactly(0, 0);
    }

    @Test
    void tokenOfAKeyRotatedInThenOneRefetchAndAccepted() {
        ResourceServer server = server();
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        ECKey rotated = StubAuthorizationServer.newKey();
        stub.published.add(0, rotated);

        HttpResponse response =
                call(server, StubAuthorizationServer.sign(rotated, "at+jwt", claims(), header -> header));

        assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(stub.jwksFetches).hasValue(2);
    }

    @Test
    void forgedUnknownKidsThenAtMostOneRefetchPerInterval() {
        ResourceServer server = server();
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        ECKey attacker = StubAuthorizationServer.newKey();
        for (int i = 0; i < 25; i++) {
            ECKey forged = new ECKey.Builder(attacker).keyID("forged-" + i).build();
            assertInvalidToken(
                    call(server, StubAuthorizationServer.sign(forged, "at+jwt", claims(), header -> header)));
        }
        assertThat(stub.jwksFetches).hasValue(2);

        clock.advance(ResourceServer.DEFAULT_JWKS_MIN_REFRESH_INTERVAL);
        for (int i = 0; i < 5; i++) {
            ECKey forged = new ECKey.Builder(attacker).keyID("later-" + i).build();
            assertInvalidToken(
                    call(server, StubAuthorizationServer.sign(forged, "at+jwt", claims(), header -> header)));
        }
        assertThat(stub.jwksFetches).hasValue(3);
    }

    @Test
    void keysOlderThanTheirMaxAgeThenFetchedAgainOnce() {
        ResourceServer server = server();
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        clock.advance(ResourceServer.DEFAULT_JWKS_MAX_AGE);
        for (int i = 0; i < 5; i++) {
            assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        }
        assertThat(stub.counts()).containsExactly(1, 2);
    }

    @Test
    void jwksUnreachableThenUnavailableAndTheFailureRememberedBriefly() {
        stub.jwksStatus = 500;
        ResourceServer server = server();
        for (int i = 0; i < 10; i++) {
            assertUnavailable(call(server, stub.token(claims())));
        }
        assertThat(stub.jwksFetches).hasValue(1);

        clock.advance(ResourceServer.DEFAULT_RETRY_AFTER_FAILURE);
        stub.jwksStatus = 200;
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        assertThat(stub.jwksFetches).hasValue(2);
    }

    @Test
    void jwksFailingAfterMaxAgeThenLastKeysServeUpToTheStalenessBound() {
        ResourceServer server = server();
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        stub.jwksStatus = 503;
        clock.advance(ResourceServer.DEFAULT_JWKS_MAX_AGE);
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        assertThat(stub.jwksFetches).hasValue(2);

        clock.advance(ResourceServer.DEFAULT_STALE_IF_ERROR);
        assertUnavailable(call(server, stub.token(claims())));
        assertThat(stub.jwksFetches).hasValue(3);
    }

    @Test
    void metadataNamingAnotherIssuerThenRefusedAndRememberedBriefly() {
        stub.metadataIssuer = "http://127.0.0.1:1";
        ResourceServer server = server();
        assertUnavailable(call(server, stub.token(claims())));
        assertUnavailable(call(server, stub.token(claims())));
        assertThat(stub.counts()).containsExactly(1, 0);
    }

    @Test
    void noRfc8414MetadataThenOpenIdConfigurationUsed() {
        stub.oauthMetadataStatus = 404;
        ResourceServer server = server();
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        assertThat(stub.openIdMetadataFetches).hasValue(1);
    }

    @Test
    void rfc8414UrlThenWellKnownBeforeTheIssuerPath() {
        assertThat(IssuerMetadata.oauthMetadataUrl("https://as.example.com/tenant/"))
                .hasToString("https://as.example.com/.well-known/oauth-authorization-server/tenant");
        assertThat(IssuerMetadata.oauthMetadataUrl("https://as.example.com"))
                .hasToString("https://as.example.com/.well-known/oauth-authorization-server");
    }

    @Test
    void configuredJwksUriThenNoDiscovery() {
        ResourceServer server = server(builder -> builder.jwksUri(stub.issuer + "/jwks"));
        assertThat(call(server, stub.token(claims())).status()).isEqualTo(200);
        assertThat(stub.counts()).containsExactly(0, 1);
    }

    @Test
    void tokenBreakingAnRfc9068RuleThenInvalidToken() {
        ResourceServer server = server();
        Instant now = clock.instant();
        ECKey key = stub.published.get(0);
        List<String> tokens = List.of(
                StubAuthorizationServer.sign(key, "JWT", claims(), header -> header),
                StubAuthorizationServer.sign(key, null, claims(), header -> header),
                stub.token(with("iss", stub.issuer + "/other")),
                stub.token(with("aud", "https://other-api.example.com")),
                stub.token(with("exp", now.getEpochSecond() - 61)),
                stub.token(with("exp", null)),
                stub.token(with("nbf", now.getEpochSecond() + 61)),
                stub.token(with("iat", null)),
                stub.token(with("iat", now.getEpochSecond() + 61)),
                stub.token(with("client_id", null)),
                stub.token(with("sub", null)),
                stub.token(claims()).substring(0, stub.token(claims()).length() - 4) + "AAAA",
                hmacSigned(claims()),
                unsecured(claims()),
                "opaque-token");
        for (String token : tokens) {
            assertInvalidToken(call(server, token));
        }
    }

    @Test
    void timesWithinTheClockSkewThenAccepted() {
        ResourceServer server = server();
        long now = clock.instant().getEpochSecond();
        assertThat(call(server, stub.token(with("exp", now - 59))).status()).isEqualTo(200);
        assertThat(call(server, stub.token(with("nbf", now + 59))).status()).isEqualTo(200);
        assertThat(call(server, stub.token(with("iat", now + 59))).status()).isEqualTo(200);
    }

    @Test
    void audienceListNamingTheApiThenAccepted() {
        ResourceServer server = server();
        assertThat(call(server, stub.token(with("aud", List.of("https://other.example.com", API))))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void tokenWithAnEmbeddedAttackerKeyThenInvalidToken() throws JOSEException {
        ResourceServer server = server();
        ECKey attacker = StubAuthorizationServer.newKey();
        String token = StubAuthorizationServer.sign(
                attacker,
                "at+jwt",
                claims(),
                header -> header.keyID(stub.published.get(0).getKeyID())
                        .jwk(attacker.toPublicJWK())
                        .jwkURL(java.net.URI.create("https://attacker.example.com/jwks")));
        assertInvalidToken(call(server, token));
    }

    @Test
    void tokenWithoutTheRouteScopeThenInsufficientScope() {
        HttpResponse response = call(server(), stub.token(claims()), "orders:write");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("WWW-Authenticate"))
                .contains("Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a required"
                        + " scope\", scope=\"orders:write\"");
    }

    @Test
    void acceptAnyAudienceThenAnotherApisTokenAccepted() {
        ResourceServer server = ResourceServer.builder()
                .issuer(stub.issuer)
                .publicUrl(API)
                .acceptAnyAudience()
                .clock(clock)
                .build();
        assertThat(call(server, stub.token(with("aud", "https://other.example.com")))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void validatorThenDecidesWithTheVerifiedClaims() {
        ResourceServer server = server(builder -> builder.validate((request, context) ->
                "alice".equals(context.jwtAccessTokenPayload().orElseThrow().get("sub"))
                        ? ValidationResult.unauthenticated("Alice is suspended")
                        : null));
        HttpResponse response = call(server, stub.token(claims()));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate"))
                .contains("Bearer error=\"invalid_token\", error_description=\"Alice is suspended\"");
    }

    @Test
    void misconfigurationThenFailsAtBuild() {
        assertThatThrownBy(() -> ResourceServer.builder()
                        .issuer(stub.issuer)
                        .publicUrl(API)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audience");
        assertThatThrownBy(() ->
                        ResourceServer.builder().publicUrl(API).audience(API).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ResourceServer.builder().issuer("http://as.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceServer.builder()
                        .issuer(stub.issuer)
                        .publicUrl(API)
                        .audience(API)
                        .introspectionEndpoint(stub.issuer + "/introspect")
                        .build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ResourceServer.builder().algorithms("HS256"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // introspection (RFC 7662)

    private ResourceServer introspecting(Consumer<ResourceServer.Builder> more) {
        return server(builder -> {
            builder.introspection("api:one", "s3cret/+&=");
            more.accept(builder);
        });
    }

    private Map<String, Object> active(String sub) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("iss", stub.issuer);
        answer.put("sub", sub);
        answer.put("client_id", "app");
        answer.put("scope", "orders:read");
        answer.put("aud", API);
        answer.put("token_type", "Bearer");
        answer.put("exp", clock.instant().getEpochSecond() + 300);
        return answer;
    }

    @Test
    void activeTokenThenAuthenticatedWithBasicCredentialsAndCached() {
        stub.introspectionAnswers.put("opaque-1", active("bob"));
        ResourceServer server = introspecting(builder -> {});
        for (int i = 0; i < 5; i++) {
            HttpResponse response = call(server, "opaque-1", "orders:read");
            assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
            assertThat(response.bodyAsString()).isEqualTo("bob");
        }
        assertThat(stub.introspections).hasValue(1);
        assertThat(stub.introspectionAuthorizations)
                .containsExactly("Basic "
                        + Base64.getEncoder()
                                .encodeToString("api%3Aone:s3cret%2F%2B%26%3D".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cachedAnswerThenAskedAgainAfterTheCacheLifetime() {
        stub.introspectionAnswers.put("opaque-1", active("bob"));
        ResourceServer server = introspecting(builder -> {});
        assertThat(call(server, "opaque-1").status()).isEqualTo(200);
        stub.introspectionAnswers.put("opaque-1", Map.of("active", false));
        clock.advance(ResourceServer.DEFAULT_INTROSPECTION_CACHE_TTL);
        assertInvalidToken(call(server, "opaque-1"));
        assertThat(stub.introspections).hasValue(2);
    }

    @Test
    void tokenExpiringBeforeTheCacheLifetimeThenNeverServedFromCachePastExp() {
        Map<String, Object> answer = active("bob");
        answer.put("exp", clock.instant().getEpochSecond() + 5);
        stub.introspectionAnswers.put("opaque-1", answer);
        ResourceServer server = introspecting(builder -> builder.introspectionCache(100, Duration.ofHours(1)));
        assertThat(call(server, "opaque-1").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(5));
        assertInvalidToken(call(server, "opaque-1"));
        assertThat(stub.introspections).hasValue(2);
    }

    @Test
    void moreTokensThanTheCacheHoldsThenTheLeastRecentlyUsedIsAskedAgain() {
        for (String token : List.of("t1", "t2", "t3")) {
            stub.introspectionAnswers.put(token, active(token));
        }
        ResourceServer server = introspecting(builder -> builder.introspectionCache(2, Duration.ofMinutes(1)));
        for (String token : List.of("t1", "t2", "t3", "t3", "t2", "t1")) {
            assertThat(call(server, token).status()).isEqualTo(200);
        }
        assertThat(stub.introspections).hasValue(4);
    }

    @Test
    void inactiveOrUnfitAnswerThenInvalidToken() {
        Map<String, Object> foreign = active("bob");
        foreign.put("iss", "https://other-as.example.com");
        Map<String, Object> refresh = active("bob");
        refresh.put("token_type", "refresh_token");
        Map<String, Object> otherApi = active("bob");
        otherApi.put("aud", List.of("https://other-api.example.com"));
        Map<String, Object> expired = active("bob");
        expired.put("exp", clock.instant().getEpochSecond() - 1);
        Map<String, Object> noSubject = active("bob");
        noSubject.remove("sub");
        stub.introspectionAnswers.putAll(Map.of(
                "foreign",
                foreign,
                "refresh",
                refresh,
                "other-api",
                otherApi,
                "expired",
                expired,
                "no-sub",
                noSubject));
        ResourceServer server = introspecting(builder -> {});
        for (String token : List.of("unknown", "foreign", "refresh", "other-api", "expired", "no-sub")) {
            assertInvalidToken(call(server, token));
        }
    }

    @Test
    void inactiveAnswerThenCachedToo() {
        ResourceServer server = introspecting(builder -> {});
        assertInvalidToken(call(server, "unknown"));
        assertInvalidToken(call(server, "unknown"));
        assertThat(stub.introspections).hasValue(1);
    }

    @Test
    void introspectionFailingThenUnavailableAndNotCached() {
        stub.introspectionAnswers.put("opaque-1", active("bob"));
        stub.introspectionStatus = 500;
        ResourceServer server = introspecting(builder -> {});
        assertUnavailable(call(server, "opaque-1"));
        stub.introspectionStatus = 200;
        assertThat(call(server, "opaque-1").status()).isEqualTo(200);
        assertThat(stub.introspections).hasValue(2);
    }

    @Test
    void documentedIntrospectionExampleThenAsksTheDiscoveredEndpoint() {
        stub.introspectionAnswers.put("opaque-1", active("bob"));
        String issuer = stub.issuer;
        String api = API;
        String secret = "s3cret/+&=";
        // snippet:resource-server-introspection:begin
        ResourceServer protection = ResourceServer.builder()
                .issuer(issuer)
                .publicUrl(api)
                .audience(api)
                .introspection("api:one", secret) // client_secret_basic
                .introspectionCache(10_000, Duration.ofSeconds(30)) // the defaults
                .build();
        // snippet:resource-server-introspection:end
        assertThat(call(protection, "opaque-1").status()).isEqualTo(200);
        assertThat(stub.introspections).hasValue(1);
    }

    @Test
    void introspectionEndpointDiscoveredOnceThenConfiguredOneAsksNoMetadata() {
        stub.introspectionAnswers.put("opaque-1", active("bob"));
        ResourceServer discovered = introspecting(builder -> builder.introspectionCache(10, Duration.ZERO));
        call(discovered, "opaque-1");
        call(discovered, "opaque-1");
        assertThat(stub.oauthMetadataFetches).hasValue(1);
        assertThat(stub.introspections).hasValue(2);

        ResourceServer configured =
                introspecting(builder -> builder.introspectionEndpoint(stub.issuer + "/introspect"));
        assertThat(call(configured, "opaque-1").status()).isEqualTo(200);
        assertThat(stub.oauthMetadataFetches).hasValue(1);
    }

    private Map<String, Object> with(String name, Object value) {
        Map<String, Object> claims = claims();
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return claims;
    }

    /** An HS256 token keyed with the issuer's public key: the algorithm confusion attack. */
    private String hmacSigned(Map<String, Object> claims) {
        try {
            byte[] secret = stub.published.get(0).toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
            claims.forEach(set::claim);
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(stub.published.get(0).getKeyID())
                            .type(new com.nimbusds.jose.JOSEObjectType("at+jwt"))
                            .build(),
                    set.build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsecured(Map<String, Object> claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header =
                encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(
                com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}

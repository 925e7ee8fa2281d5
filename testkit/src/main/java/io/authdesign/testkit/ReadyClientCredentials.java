package io.authdesign.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.authdesign.client.ClientSecretJwt;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.ready.RegisteredClientKeys;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.MutableClock;
import io.authdesign.store.RegisteredClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real server with the ready client credentials flow on an in-memory client store and a test clock:
 * secret clients, JWT clients (inline {@code jwks}, a {@code jwks_uri} served by a small HTTP server of the
 * test, {@code client_secret_jwt}), a DPoP-bound client and a client in the middle of a secret rotation.
 * DPoP proofs are accepted, not required.
 */
final class ReadyClientCredentials implements AutoCloseable {

    static final long TTL = 1234;

    /** client_secret_basic and client_secret_post; scopes registered as write, read. */
    static final String SVC = "svc";

    static final String SVC_SECRET = "s3cr:t/+ é%&=";

    static final String BASIC_ONLY = "basic-only";
    static final String BASIC_ONLY_SECRET = "basic-secret-0123456789";

    /** Registered for authorization_code only. */
    static final String NO_CC = "no-cc";

    static final String NO_CC_SECRET = "no-cc-secret-0123456789";

    static final String SCOPELESS = "scopeless";
    static final String SCOPELESS_SECRET = "scopeless-secret-0123456789";

    /** Rotating: the old secret expires an hour after the start. */
    static final String ROTATING = "rotating";

    static final String ROTATING_OLD = "rotating-old-0123456789";
    static final String ROTATING_NEW = "rotating-new-0123456789";

    /** private_key_jwt with inline jwks. */
    static final String KEY_CLIENT = "key-client";

    /** private_key_jwt with a jwks_uri. */
    static final String URI_CLIENT = "uri-client";

    /** private_key_jwt with a jwks_uri that answers 404. */
    static final String DEAD_URI_CLIENT = "dead-uri-client";

    /** client_secret_jwt, its secret in the application's shared secrets. */
    static final String HMAC_CLIENT = "hmac-client";

    static final String HMAC_SECRET = "hmac-client-secret-of-at-least-32-bytes";

    /** client_secret_jwt, but the shared secrets have none for it. */
    static final String HMAC_WITHOUT_SECRET = "hmac-without-secret";

    /** client_secret_basic, dpop_bound_access_tokens. */
    static final String BOUND = "bound";

    static final String BOUND_SECRET = "bound-secret-0123456789";

    final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final ECKey clientKey;
    final ECKey uriKey;
    final AtomicInteger jwksFetches = new AtomicInteger();
    /** What the jwks_uri serves: uriKey at first; a test may rotate it. */
    final AtomicReference<JWKSet> servedJwks = new AtomicReference<>();

    private final HttpServer jwksServer;
    final TestServer server;
    final String issuer;

    ReadyClientCredentials() {
        try {
            clientKey = new ECKeyGenerator(Curve.P_256).keyID("key-client-1").generate();
            uriKey = new ECKeyGenerator(Curve.P_256).keyID("uri-client-1").generate();
            jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        servedJwks.set(new JWKSet(uriKey.toPublicJWK()));
        jwksServer.createContext("/jwks.json", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/jwks.json")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                jwksFetches.incrementAndGet();
                byte[] uriJwks = servedJwks.get().toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                exchange.sendResponseHeaders(200, uriJwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(uriJwks);
                }
            }
        });
        jwksServer.start();
        String jwksBase = "http://127.0.0.1:" + jwksServer.getAddress().getPort();

        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(secretClient(SVC, SVC_SECRET, hasher)
                .authMethods("client_secret_basic", "client_secret_post")
                .scopes("write", "read")
                .build());
        clients.save(secretClient(BASIC_ONLY, BASIC_ONLY_SECRET, hasher)
                .scopes("read")
                .build());
        clients.save(RegisteredClient.builder(NO_CC)
                .secret(ClientSecret.of(hasher.hash(NO_CC_SECRET)))
                .grantTypes("authorization_code")
                .redirectUris("https://app.example.com/cb")
                .scopes("read")
                .build());
        clients.save(secretClient(SCOPELESS, SCOPELESS_SECRET, hasher).build());
        clients.save(RegisteredClient.builder(ROTATING)
                .secret(ClientSecret.of(hasher.hash(ROTATING_NEW)))
                .secret(new ClientSecret(
                        hasher.hash(ROTATING_OLD), clock.instant().plus(Duration.ofHours(1))))
                .grantTypes("client_credentials")
                .scopes("read")
                .build());
        clients.save(RegisteredClient.builder(KEY_CLIENT)
                .jwks(new JWKSet(clientKey.toPublicJWK()).toString())
                .grantTypes("client_credentials")
                .scopes("read")
                .build());
        clients.save(RegisteredClient.builder(URI_CLIENT)
                .jwksUri(jwksBase + "/jwks.json")
                .grantTypes("client_credentials")
                .scopes("read", "write")
                .build());
        clients.save(RegisteredClient.builder(DEAD_URI_CLIENT)
                .jwksUri(jwksBase + "/missing.json")
                .grantTypes("client_credentials")
                .build());
        clients.save(RegisteredClient.builder(HMAC_CLIENT)
                .authMethods("client_secret_jwt")
                .grantTypes("client_credentials")
                .scopes("read")
                .build());
        clients.save(RegisteredClient.builder(HMAC_WITHOUT_SECRET)
                .authMethods("client_secret_jwt")
                .grantTypes("client_credentials")
                .build());
        clients.save(secretClient(BOUND, BOUND_SECRET, hasher)
                .scopes("read")
                .dpopBoundAccessTokens(true)
                .build());

        RegisteredClientKeys keys = RegisteredClientKeys.builder()
                .clients(clients)
                .sharedSecrets(clientId -> clientId.equals(HMAC_CLIENT) ? Optional.of(HMAC_SECRET) : Optional.empty())
                .clock(clock)
                .build();
        ReadyClientCredentialsFlow ready = ReadyClientCredentialsFlow.builder()
                .clients(clients, hasher)
                .clock(clock)
                .build();
        server = TestServer.startAtOwnIssuer(issuerUrl -> ready.install(OAuth2ClientCredentialsBuilder.create()
                        .setIssuer(issuerUrl)
                        .setClock(clock)
                        .setTokenTTL(TTL)
                        .setTokenType(new DPoPToken().setRequired(false).setClock(clock))
                        .jwksRoute(route -> {})
                        .addClientAuthenticationMethod("client_secret_basic")
                        .addClientAuthenticationMethod("client_secret_post")
                        .addClientAuthenticationMethod(
                                new PrivateKeyJwt().getPublicKeyForClient(keys).addAlgorithm("ES256"))
                        .addClientAuthenticationMethod(new ClientSecretJwt().getClientSecret(keys)))
                .build());
        issuer = "http://127.0.0.1:" + server.port();
    }

    private static RegisteredClient.Builder secretClient(String clientId, String secret, ClientSecretHasher hasher) {
        return RegisteredClient.builder(clientId)
                .secret(ClientSecret.of(hasher.hash(secret)))
                .grantTypes("client_credentials");
    }

    String tokenUrl() {
        return issuer + TestServer.TOKEN;
    }

    /** A client_credentials request with client_secret_basic and these extra parameters. */
    Reply basic(String clientId, String secret, String... more) {
        return server.post(TestServer.TOKEN)
                .basic(clientId, secret)
                .form(form(more))
                .send();
    }

    /** A client_credentials request with client_secret_post and these extra parameters. */
    Reply post(String clientId, String secret, String... more) {
        String[] params = new String[more.length + 4];
        params[0] = "client_id";
        params[1] = clientId;
        params[2] = "client_secret";
        params[3] = secret;
        System.arraycopy(more, 0, params, 4, more.length);
        return server.post(TestServer.TOKEN).form(form(params)).send();
    }

    /** A client_credentials request with a client assertion and these extra parameters. */
    Reply assertion(String assertion, String... more) {
        String[] params = new String[more.length + 4];
        params[0] = "client_assertion_type";
        params[1] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        params[2] = "client_assertion";
        params[3] = assertion;
        System.arraycopy(more, 0, params, 4, more.length);
        return server.post(TestServer.TOKEN).form(form(params)).send();
    }

    private static String[] form(String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "grant_type";
        all[1] = "client_credentials";
        System.arraycopy(more, 0, all, 2, more.length);
        return all;
    }

    /** An ES256 client assertion for the token endpoint, its times on the test clock. */
    String signedAssertion(String clientId, ECKey key) {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder()
                        .issuer(clientId)
                        .subject(clientId)
                        .audience(tokenUrl())
                        .jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60)))
                        .build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The claims of a token response's access token, without verification. */
    static Map<String, Object> claimsOf(Reply reply) {
        try {
            return SignedJWT.parse((String) reply.json().get("access_token"))
                    .getJWTClaimsSet()
                    .getClaims();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
        jwksServer.stop(0);
    }
}

package io.authdesign.bench;

import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The token endpoint in-process as the reference server runs it: the ready client-credentials flow, whose
 * client check looks the client up in a store and compares an HMAC of its secret (RFC 6749 section 3.2.1), and
 * whose handler grants the scope and the audience (section 4.4), against {@link TokenEndpointBenchmark}'s
 * design, whose handler of its own compares the secret. Run with {@code -prof gc} for its allocation per token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadyTokenEndpointBenchmark {
    private Endpoint.Handler token;
    private HttpRequest tokenRequest;

    @Setup
    public void setUp() {
        Fixtures.crypto("native");
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder(Fixtures.CLIENT_ID)
                .secret(ClientSecret.of(hasher.hash(Fixtures.SECRET)))
                .grantTypes("client_credentials")
                .scopes("read", "write")
                .build());
        OAuth2ClientCredentials design = ReadyClientCredentialsFlow.builder()
                .clients(clients, hasher)
                .build()
                .install(OAuth2ClientCredentialsBuilder.create())
                .setIssuer(Fixtures.ISSUER)
                .setTokenTTL(3600)
                .setAccessTokenSigningAlgorithm(SigningAlgorithm.ES256)
                .build();
        token = Fixtures.endpoint(design, "POST", Fixtures.TOKEN_PATH);
        tokenRequest = Fixtures.basicTokenRequest();
        SmokeChecks.accessToken(token.handle(tokenRequest));
    }

    /** POST /oauth2/token, client_credentials, Basic secret, ES256 JWT access token, native crypto. */
    @Benchmark
    public HttpResponse issueToken() {
        return token.handle(tokenRequest);
    }
}

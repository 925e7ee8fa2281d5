package io.authdesign.bench;

import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.SigningAlgorithm;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The token endpoint in-process, from the parsed HTTP request to the serialised response: form parsing,
 * client_secret_basic, the handler, a signed RFC 9068 access token, the JSON body; and the protected
 * route's verification of such a token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenEndpointBenchmark {

    @Param({"ES256", "RS256", "EdDSA"})
    public String algorithm;

    @Param({"jca", "native"})
    public String crypto;

    private OAuth2ClientCredentials design;
    private Endpoint.Handler token;
    private HttpRequest tokenRequest;
    private HttpRequest protectedRequest;

    @Setup
    public void setUp() {
        Fixtures.crypto(crypto);
        design = Fixtures.clientCredentials(SigningAlgorithm.of(algorithm));
        token = Fixtures.endpoint(design, "POST", Fixtures.TOKEN_PATH);
        tokenRequest = Fixtures.basicTokenRequest();
        String accessToken = SmokeChecks.accessToken(token.handle(tokenRequest));
        protectedRequest = Fixtures.bearer(accessToken);
        SmokeChecks.authenticated(design.authenticator().authenticate(protectedRequest, Set.of()));
    }

    /** POST /oauth2/token, client_credentials, Basic secret, JWT access token. */
    @Benchmark
    public HttpResponse issueToken() {
        return token.handle(tokenRequest);
    }

    /** A protected route's check of a JWT access token: parse, signature, claims. */
    @Benchmark
    public void verifyAccessToken(Blackhole blackhole) {
        blackhole.consume(design.authenticator().authenticate(protectedRequest, Set.of()));
    }
}

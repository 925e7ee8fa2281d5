package io.authdesign.bench;

import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.JwksRoute;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The JWKS and RFC 8414 discovery endpoints, in-process: the response a GET gets. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MetadataBenchmark {

    private static final String DISCOVERY = "/.well-known/oauth-authorization-server";

    private Endpoint.Handler jwks;
    private Endpoint.Handler discovery;
    private HttpRequest jwksRequest;
    private HttpRequest discoveryRequest;

    @Setup
    public void setUp() {
        OAuth2ClientCredentials design = Fixtures.clientCredentials(SigningAlgorithm.ES256);
        SmokeChecks.ok(Fixtures.endpoint(design, "POST", Fixtures.TOKEN_PATH).handle(Fixtures.basicTokenRequest()));
        jwks = Fixtures.endpoint(design, "GET", JwksRoute.DEFAULT_PATH);
        discovery = Fixtures.endpoint(design, "GET", DISCOVERY);
        jwksRequest = HttpRequest.builder("GET", JwksRoute.DEFAULT_PATH).build();
        discoveryRequest = HttpRequest.builder("GET", DISCOVERY).build();
        SmokeChecks.ok(jwks.handle(jwksRequest));
        SmokeChecks.ok(discovery.handle(discoveryRequest));
    }

    @Benchmark
    public HttpResponse jwks() {
        return jwks.handle(jwksRequest);
    }

    @Benchmark
    public HttpResponse discovery() {
        return discovery.handle(discoveryRequest);
    }
}

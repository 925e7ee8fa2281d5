package io.authdesign.bench;

import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Client authentication per method, as the token endpoint does it: a design whose handler returns a
 * constant opaque token, so each figure is the endpoint plus that method. private_key_jwt uses a replay
 * store that accepts every jti, so one assertion measures parsing and signature verification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClientAuthenticationBenchmark {

    @Param({"client_secret_basic", "client_secret_post", "private_key_jwt_ES256", "private_key_jwt_RS256"})
    public String method;

    @Param({"jca", "native"})
    public String crypto;

    private Endpoint.Handler token;
    private HttpRequest request;

    @Setup
    public void setUp() throws Exception {
        Fixtures.crypto(crypto);
        Fixtures.ClientKeys keys = Fixtures.clientKeys();
        OAuth2ClientCredentials design = Fixtures.clientAuthentication(keys.publicKeys());
        token = Fixtures.endpoint(design, "POST", Fixtures.TOKEN_PATH);
        request = switch (method) {
            case "client_secret_basic" -> Fixtures.basicTokenRequest();
            case "client_secret_post" -> Fixtures.postTokenRequest();
            case "private_key_jwt_ES256" -> Fixtures.assertionTokenRequest(Fixtures.assertion(keys.ec()));
            case "private_key_jwt_RS256" -> Fixtures.assertionTokenRequest(Fixtures.assertion(keys.rsa()));
            default -> throw new IllegalArgumentException(method);
        };
        SmokeChecks.ok(token.handle(request));
    }

    @Benchmark
    public HttpResponse authenticate() {
        return token.handle(request);
    }
}

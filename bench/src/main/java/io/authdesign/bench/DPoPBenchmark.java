package io.authdesign.bench;

import io.authdesign.dpop.DPoPResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.http.HttpRequest;
import java.util.Optional;
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
 * A DPoP proof (ES256, key in the header) checked as the token endpoint does: parse, typ, alg, jwk,
 * signature, htm/htu/iat, thumbprint; with a replay store that accepts every jti.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DPoPBenchmark {

    private static final String HTU = Fixtures.ISSUER + Fixtures.TOKEN_PATH;

    @Param({"jca", "native"})
    public String crypto;

    private DPoPToken dpop;
    private HttpRequest request;

    @Setup
    public void setUp() throws Exception {
        Fixtures.crypto(crypto);
        dpop = new DPoPToken().setTTL(3600).setReplayDetector(Fixtures.ACCEPT_ALL);
        request = HttpRequest.builder("POST", Fixtures.TOKEN_PATH)
                .header("DPoP", Fixtures.dpopProof(HTU))
                .build();
        SmokeChecks.valid(check());
    }

    @Benchmark
    public DPoPResult check() {
        return dpop.check(request, "POST", HTU, Optional.empty());
    }
}

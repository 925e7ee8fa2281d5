package io.authdesign.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each benchmark's set-up and one call of its methods, so a broken fixture fails the build, not a run. */
class BenchmarkFixturesTest {

    @BeforeAll
    static void jca() {
        Fixtures.crypto("jca");
    }

    @Test
    void tokenEndpointAndProtectedRoute() {
        for (String algorithm : new String[] {"ES256", "RS256", "EdDSA"}) {
            TokenEndpointBenchmark benchmark = new TokenEndpointBenchmark();
            benchmark.algorithm = algorithm;
            benchmark.crypto = "jca";
            benchmark.setUp();
            assertThat(benchmark.issueToken().status()).isEqualTo(200);
        }
    }

    @Test
    void revocationCheckOnEveryStore() throws Exception {
        for (String store : new String[] {"none", "memory", "redis", "postgresql"}) {
            RevocationCheckBenchmark benchmark = new RevocationCheckBenchmark();
            benchmark.store = store;
            benchmark.crypto = "jca";
            benchmark.setUp();
            assertThat(benchmark.lookup()).isFalse();
            benchmark.tearDown();
        }
    }

    @Test
    void clientAuthenticationMethods() throws Exception {
        for (String method : new String[] {
            "client_secret_basic", "client_secret_post", "private_key_jwt_ES256", "private_key_jwt_RS256"
        }) {
            ClientAuthenticationBenchmark benchmark = new ClientAuthenticationBenchmark();
            benchmark.method = method;
            benchmark.crypto = "jca";
            benchmark.setUp();
            assertThat(benchmark.authenticate().status()).as(method).isEqualTo(200);
        }
    }

    @Test
    void dpopAndMetadataAndSigning() throws Exception {
        DPoPBenchmark dpop = new DPoPBenchmark();
        dpop.crypto = "jca";
        dpop.setUp();
        MetadataBenchmark metadata = new MetadataBenchmark();
        metadata.setUp();
        assertThat(metadata.jwks().bodyAsString()).contains("\"keys\"");
        assertThat(metadata.discovery().bodyAsString()).contains("token_endpoint");
        for (String algorithm : new String[] {"ES256", "RS256", "EdDSA"}) {
            SigningBenchmark signing = new SigningBenchmark();
            signing.algorithm = algorithm;
            signing.crypto = "jca";
            signing.setUp();
            assertThat(signing.sign()).isNotNull();
        }
    }
}

package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TokenHashesTest {

    @Test
    void sha256WhenFipsVectorAbcThenBase64urlOfKnownDigest() {
        // FIPS 180-2 appendix B.1: SHA-256("abc") = ba7816bf 8f01cfea ... f20015ad
        assertThat(TokenHashes.sha256("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    @Test
    void sha256WhenAnyValueThenUnpaddedAndNotTheValue() {
        String hash = TokenHashes.sha256("a-refresh-token");
        assertThat(hash).hasSize(43).doesNotContain("=").isNotEqualTo("a-refresh-token");
    }

    @Test
    void sha256WhenManyThreadsHashAtOnceThenEachHashIsItsValuesOwn() throws Exception {
        // every call clones one shared prototype digest: concurrent calls must not see each other's input
        List<Future<List<String>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        String value = "token-" + thread + "-" + i;
                        String expected = Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(MessageDigest.getInstance("SHA-256")
                                        .digest(value.getBytes(StandardCharsets.UTF_8)));
                        if (!TokenHashes.sha256(value).equals(expected)) {
                            mismatches.add(value);
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEmpty();
            }
        }
    }
}

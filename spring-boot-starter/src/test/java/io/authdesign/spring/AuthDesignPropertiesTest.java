package io.authdesign.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class AuthDesignPropertiesTest {

    @Test
    void indexedPropertiesThenListsAgainWithTheKeysAsWritten() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("authdesign.issuer", "http://127.0.0.1:9000")
                .withProperty("authdesign.tokenTtl", "600")
                .withProperty("authdesign.clients[0].clientId", "svc")
                .withProperty("authdesign.clients[0].scopes[0]", "read")
                .withProperty("authdesign.clients[0].scopes[1]", "write")
                .withProperty("authdesign.clients[1].clientId", "tv")
                .withProperty("authdesign.users[0].username", "alice")
                .withProperty("authdesign.users[0].claims.email_verified", "true")
                .withProperty("other.key", "ignored");

        Map<String, Object> tree = AuthDesignProperties.tree(environment);

        assertThat(tree)
                .isEqualTo(Map.of(
                        "issuer",
                        "http://127.0.0.1:9000",
                        "tokenTtl",
                        "600",
                        "clients",
                        List.of(
                                Map.of("clientId", "svc", "scopes", List.of("read", "write")),
                                Map.of("clientId", "tv")),
                        "users",
                        List.of(Map.of("username", "alice", "claims", Map.of("email_verified", "true")))));
    }

    @Test
    void nothingConfiguredThenEmptyTree() {
        assertThat(AuthDesignProperties.tree(new MockEnvironment())).isEmpty();
    }

    @Test
    void mapWithHolesOrNamesThenStaysAMap() {
        assertThat(AuthDesignProperties.restoreLists(Map.of("0", "a", "2", "b")))
                .isEqualTo(Map.of("0", "a", "2", "b"));
        assertThat(AuthDesignProperties.restoreLists(Map.of("0", "a", "x", "b")))
                .isEqualTo(Map.of("0", "a", "x", "b"));
        assertThat(AuthDesignProperties.restoreLists(Map.of("[1]", "b", "[0]", "a")))
                .isEqualTo(List.of("a", "b"));
    }
}

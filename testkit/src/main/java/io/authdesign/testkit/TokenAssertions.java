package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Exact checks of token endpoint responses (RFC 6749 sections 5.1 and 5.2). */
final class TokenAssertions {

    /** Jetty lower-cases the charset the endpoints set ({@code UTF-8}); the value is otherwise exact. */
    static final String JSON = "application/json;charset=utf-8";

    static final String BASIC_CHALLENGE = "Basic realm=\"oauth2\", charset=\"UTF-8\"";

    private TokenAssertions() {}

    /**
     * Asserts an error response: exact status, {@code Cache-Control: no-store}, the JSON content type, a
     * body of exactly {@code error} and {@code error_description}, and {@code WWW-Authenticate} if and only
     * if the status is 401.
     *
     * @param description the exact {@code error_description}, or {@code null} when there must be none
     */
    static void assertError(Reply reply, int status, String error, String description) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertNoStore(reply);
        assertJson(reply);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("error", error);
        if (description != null) {
            expected.put("error_description", description);
        }
        assertThat(reply.json()).as("error body").isEqualTo(expected);
        if (status == 401) {
            assertThat(reply.headers("WWW-Authenticate")).as("WWW-Authenticate").containsExactly(BASIC_CHALLENGE);
        } else {
            assertThat(reply.headers("WWW-Authenticate")).as("WWW-Authenticate").isEmpty();
        }
    }

    /** Asserts a 200 token response whose JSON body is exactly {@code expected}. */
    static void assertTokens(Reply reply, Map<String, Object> expected) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(200);
        assertNoStore(reply);
        assertJson(reply);
        assertThat(reply.json()).as("token body").isEqualTo(expected);
        assertThat(reply.headers("WWW-Authenticate")).as("WWW-Authenticate").isEmpty();
    }

    /** Asserts a 200 response with this access token and the default token type only. */
    static void assertBearer(Reply reply, String accessToken) {
        assertTokens(reply, Map.of("access_token", accessToken, "token_type", "Bearer"));
    }

    static void assertJson(Reply reply) {
        assertThat(reply.header("Content-Type").map(type -> type.toLowerCase(Locale.ROOT)))
                .as("Content-Type")
                .contains(JSON);
    }

    static void assertNoStore(Reply reply) {
        assertThat(reply.headers("Cache-Control"))
                .as("Cache-Control of %s", reply)
                .containsExactly("no-store");
        assertThat(reply.headers("Pragma")).as("Pragma").containsExactly("no-cache");
    }
}

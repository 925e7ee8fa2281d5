package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static io.authdesign.testkit.TokenAssertions.assertTokens;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.token.ClientCredentialsTokenContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code generateToken} contract of the seed, over HTTP: a token response with every setter, an OAuth2
 * error with its status, {@code null} as a generic {@code invalid_request}, and an exception as a
 * {@code server_error} that tells the client nothing.
 */
public abstract class HandlerContractSuite {

    private static final RecordingHandler<ClientCredentialsTokenContext> HANDLER = new RecordingHandler<>("cc");
    private static final String SERVER_ERROR = "The server could not process the request";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Designs.clientCredentials(HANDLER).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        HANDLER.reset();
    }

    private static Reply request() {
        return server.post(TOKEN)
                .basic("svc", "secret")
                .form("grant_type", "client_credentials")
                .send();
    }

    @Test
    void everySetterThenExactJsonInStandardOrder() {
        HANDLER.answer((context, request) -> new OAuth2TokenResponse("at-1")
                .setTokenType("DPoP")
                .setExpiresIn(context.ttl())
                .setRefreshToken("rt-1")
                .setScope(List.of("read", "write"))
                .setIdToken("id.token.value")
                .set("authorization_details", List.of(Map.of("type", "payment")))
                .set("issued_token_type", "urn:ietf:params:oauth:token-type:access_token"));

        Reply reply = request();

        assertTokens(
                reply,
                Map.of(
                        "access_token", "at-1",
                        "token_type", "DPoP",
                        "expires_in", 3600,
                        "refresh_token", "rt-1",
                        "scope", "read write",
                        "id_token", "id.token.value",
                        "authorization_details", List.of(Map.of("type", "payment")),
                        "issued_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        assertThat(reply.body())
                .isEqualTo("{\"access_token\":\"at-1\",\"token_type\":\"DPoP\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"rt-1\",\"scope\":\"read write\",\"id_token\":\"id.token.value\","
                        + "\"authorization_details\":[{\"type\":\"payment\"}],"
                        + "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}");
    }

    @Test
    void tokenTypeNotSetThenBearer() {
        HANDLER.answer((context, request) -> new OAuth2TokenResponse("at-2").setExpiresIn(60));

        assertTokens(request(), Map.of("access_token", "at-2", "token_type", "Bearer", "expires_in", 60));
    }

    @Test
    void emptyTokenTypeThenBearer() {
        HANDLER.answer((context, request) -> new OAuth2TokenResponse("at-3").setTokenType(""));

        assertBearer(request(), "at-3");
    }

    @Test
    void emptyOptionalMembersThenLeftOut() {
        HANDLER.answer((context, request) ->
                new OAuth2TokenResponse("at-4").setRefreshToken("").setScope(""));

        assertBearer(request(), "at-4");
    }

    @Test
    void handlerReturnsServerErrorThen500() {
        HANDLER.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.SERVER_ERROR, "Store offline"));

        assertError(request(), 500, "server_error", "Store offline");
    }

    @Test
    void handlerReturnsTemporarilyUnavailableThen503WithRetryAfter() {
        HANDLER.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE, "Busy"));

        Reply reply = request();

        assertError(reply, 503, "temporarily_unavailable", "Busy");
        assertThat(reply.headers("Retry-After")).containsExactly("5");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "invalid_request",
                "invalid_grant",
                "invalid_scope",
                "unauthorized_client",
                "unsupported_grant_type",
                "access_denied",
                "authorization_pending",
                "slow_down",
                "expired_token",
                "urn:example:custom_error"
            })
    void handlerReturnsOtherErrorThen400(String code) {
        HANDLER.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.of(code), "Refused"));

        Reply reply = request();

        assertError(reply, 400, code, "Refused");
        assertThat(reply.headers("Retry-After")).isEmpty();
    }

    @Test
    void handlerReturnsErrorWithoutDescriptionThenErrorOnly() {
        HANDLER.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT));

        assertError(request(), 400, "invalid_grant", null);
    }

    @Test
    void handlerReturnsErrorWithUriThenErrorUriInBody() {
        HANDLER.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.INVALID_SCOPE, "No such scope")
                .withUri("https://as.example.com/errors/scope"));

        Reply reply = request();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json())
                .isEqualTo(Map.of(
                        "error", "invalid_scope",
                        "error_description", "No such scope",
                        "error_uri", "https://as.example.com/errors/scope"));
    }

    @Test
    void descriptionWithQuotesNewlinesAndNonAsciiThenSanitised() {
        HANDLER.answer((context, request) ->
                OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Bad \"grant\"\r\nSet-Cookie: x\\y ü"));

        Reply reply = request();

        assertError(reply, 400, "invalid_grant", "Bad  grant   Set-Cookie: x y  ");
        assertThat(reply.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void handlerReturnsNullThenGenericInvalidRequest() {
        HANDLER.answer((context, request) -> null);

        assertError(request(), 400, "invalid_request", "The request was not accepted");
    }

    @Test
    void handlerReturnsContinueOnSingleFlowThenInvalidGrant() {
        HANDLER.answer((context, request) -> TokenResult.CONTINUE);

        assertError(request(), 400, "invalid_grant", "The grant was not accepted");
    }

    @Test
    void handlerThrowsRuntimeExceptionThenServerErrorWithoutItsText() {
        HANDLER.answer((context, request) -> {
            throw new IllegalStateException("secret db password xyz");
        });

        Reply reply = request();

        assertError(reply, 500, "server_error", SERVER_ERROR);
        assertThat(reply.body()).doesNotContain("secret", "password", "xyz", "IllegalStateException");
    }

    @Test
    void handlerThrowsCheckedExceptionThenServerErrorWithoutItsText() {
        HANDLER.answer((context, request) -> {
            throw new IOException("jdbc:postgresql://db.internal:5432/auth?password=hunter2");
        });

        Reply reply = request();

        assertError(reply, 500, "server_error", SERVER_ERROR);
        assertThat(reply.body()).doesNotContain("jdbc", "hunter2");
    }

    @Test
    void handlerThrowsErrorThenServerErrorWithoutItsText() {
        HANDLER.answer((context, request) -> {
            throw new AssertionError("secret db password xyz");
        });

        Reply reply = request();

        assertError(reply, 500, "server_error", SERVER_ERROR);
        assertThat(reply.body()).doesNotContain("secret", "password", "xyz");
    }

    @Test
    void handlerSetsStandardNameAsExtraParameterThenServerError() {
        HANDLER.answer((context, request) -> new OAuth2TokenResponse("at").set("access_token", "other"));

        assertError(request(), 500, "server_error", SERVER_ERROR);
    }

    @Test
    void extraParameterNotSerialisableThenServerError() {
        HANDLER.answer((context, request) -> new OAuth2TokenResponse("at").set("thing", new Object()));

        Reply reply = request();

        assertError(reply, 500, "server_error", SERVER_ERROR);
        assertThat(reply.body()).doesNotContain("java.lang.Object");
    }

    @Test
    void handlerRunsOnVirtualThread() {
        assertBearer(request(), "cc");

        assertThat(HANDLER.lastThread())
                .hasValueSatisfying(thread -> assertThat(thread.isVirtual())
                        .as("handler thread %s is virtual", thread)
                        .isTrue());
    }
}

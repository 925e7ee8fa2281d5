package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.token.ClientCredentialsTokenContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint's request rules (RFC 6749 sections 3.1 and 3.2): a form body only, no repeated
 * parameters, strict encoding, a size limit, and never a 500 for client input.
 */
public abstract class TokenEndpointRequestSuite {

    private static final RecordingHandler<ClientCredentialsTokenContext> HANDLER = new RecordingHandler<>("cc-token");
    private static final String MISSING_GRANT_TYPE = "The request is missing the 'grant_type' parameter";
    private static final String NOT_FORM = "The request body must be application/x-www-form-urlencoded";
    private static final String MALFORMED = "The request has a malformed form-encoded value";
    private static final String TOO_LARGE = "The request body is too large";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Designs.clientCredentials(HANDLER, "client_secret_basic", "client_secret_post")
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        HANDLER.reset();
    }

    private static TestServer.Call token() {
        return server.post(TOKEN).basic("svc", "secret");
    }

    @Test
    void wellFormedRequestThenTokenFromHandler() {
        assertBearer(token().form("grant_type", "client_credentials").send(), "cc-token");
        assertThat(HANDLER.calls()).isEqualTo(1);
    }

    @Test
    void jsonBodyThenInvalidRequest() {
        Reply reply = token().contentType("application/json")
                .body("{\"grant_type\":\"client_credentials\"}")
                .send();

        assertError(reply, 400, "invalid_request", NOT_FORM);
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void formBodyWithoutContentTypeThenInvalidRequest() {
        Reply reply = token().contentType(null)
                .form("grant_type", "client_credentials")
                .send();

        assertError(reply, 400, "invalid_request", NOT_FORM);
    }

    @Test
    void formContentTypeWithParametersAndOtherCaseThenAccepted() {
        Reply reply = token().contentType("Application/X-WWW-Form-Urlencoded; charset=UTF-8")
                .form("grant_type", "client_credentials")
                .send();

        assertBearer(reply, "cc-token");
    }

    @Test
    void emptyBodyThenInvalidRequestMissingGrantType() {
        assertError(token().send(), 400, "invalid_request", MISSING_GRANT_TYPE);
    }

    @Test
    void missingGrantTypeThenInvalidRequest() {
        assertError(token().form("scope", "read").send(), 400, "invalid_request", MISSING_GRANT_TYPE);
    }

    @Test
    void unknownGrantTypeThenUnsupportedGrantType() {
        Reply reply = token().form("grant_type", "password", "username", "u", "password", "p")
                .send();

        assertError(reply, 400, "unsupported_grant_type", "The grant type is not supported by this endpoint");
    }

    @Test
    void grantTypeOfAnotherFlowThenUnsupportedGrantType() {
        Reply reply =
                token().form("grant_type", "authorization_code", "code", "c").send();

        assertError(reply, 400, "unsupported_grant_type", "The grant type is not supported by this endpoint");
    }

    @Test
    void grantTypeRepeatedThenInvalidRequest() {
        Reply reply = token().body("grant_type=client_credentials&grant_type=client_credentials")
                .send();

        assertError(reply, 400, "invalid_request", "The parameter 'grant_type' is repeated");
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void scopeRepeatedThenInvalidRequest() {
        Reply reply = token().body("grant_type=client_credentials&scope=read&scope=write")
                .send();

        assertError(reply, 400, "invalid_request", "The parameter 'scope' is repeated");
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void parameterRepeatedWithEmptyValuesThenInvalidRequest() {
        Reply reply =
                token().body("grant_type=client_credentials&scope=&scope=").send();

        assertError(reply, 400, "invalid_request", "The parameter 'scope' is repeated");
    }

    @Test
    void parameterRepeatedUnderEncodedNameThenInvalidRequest() {
        Reply reply = token().body("grant_type=client_credentials&grant%5Ftype=authorization_code")
                .send();

        assertError(reply, 400, "invalid_request", "The parameter 'grant_type' is repeated");
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void secretSmuggledUnderEncodedNameWithBasicThenTwoMethodsRefused() {
        Reply reply = token().body("grant_type=client_credentials&client%5Fsecret=other")
                .send();

        assertError(reply, 400, "invalid_request", "The request uses more than one client authentication method");
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void repeatedParameterWithUnprintableNameThenNameNotEchoed() {
        Reply reply =
                token().body("grant_type=client_credentials&%22%0A=1&%22%0A=2").send();

        assertError(reply, 400, "invalid_request", "The parameter '(unprintable)' is repeated");
    }

    @Test
    void malformedPercentEncodingThenInvalidRequest() {
        Reply reply = token().body("grant_type=client_credentials&scope=%zz").send();

        assertError(reply, 400, "invalid_request", MALFORMED);
    }

    @Test
    void truncatedPercentEncodingThenInvalidRequest() {
        Reply reply = token().body("grant_type=client_credentials&scope=read%4").send();

        assertError(reply, 400, "invalid_request", MALFORMED);
    }

    @Test
    void percentEncodingWithNonAsciiDigitsThenInvalidRequest() {
        // FULLWIDTH DIGIT FOUR and ONE: Character.digit accepts them, RFC 3986 HEXDIG does not
        Reply reply = token().body("grant_type=client_credentials&scope=%\uFF14\uFF11")
                .send();

        assertError(reply, 400, "invalid_request", MALFORMED);
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void percentEncodedInvalidUtf8ThenInvalidRequest() {
        Reply reply = token().body("grant_type=client_credentials&scope=%C3%28").send();

        assertError(reply, 400, "invalid_request", MALFORMED);
    }

    @Test
    void rawInvalidUtf8BytesThenInvalidRequest() {
        byte[] body = "grant_type=client_credentials&scope=\u00ff".getBytes(StandardCharsets.ISO_8859_1);

        assertError(token().body(body).send(), 400, "invalid_request", "The request body is not UTF-8");
    }

    @Test
    void bodyOverSixtyFourKibThenInvalidRequest() {
        String body = "grant_type=client_credentials&pad=" + "a".repeat(64 * 1024);

        assertError(token().body(body).send(), 400, "invalid_request", TOO_LARGE);
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void bodyOfExactlySixtyFourKibThenAccepted() {
        String prefix = "grant_type=client_credentials&pad=";
        String body = prefix + "a".repeat(64 * 1024 - prefix.length());

        assertBearer(token().body(body).send(), "cc-token");
    }

    @Test
    void chunkedBodyOverSixtyFourKibThenInvalidRequest() {
        String body = "grant_type=client_credentials&pad=" + "a".repeat(200 * 1024);

        assertError(token().body(body).chunked().send(), 400, "invalid_request", TOO_LARGE);
    }

    @Test
    void contentLengthFarLargerThanBodyThenInvalidRequestWithoutWaiting() {
        String head = "POST " + TOKEN + " HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\n"
                + "Authorization: " + TestServer.basic("svc", "secret") + "\nContent-Length: 2000000000\n"
                + "Connection: close\n\n";

        Reply reply = server.raw(head, "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));

        assertError(reply, 400, "invalid_request", TOO_LARGE);
    }

    @Test
    void brokenChunkedEncodingThenInvalidRequest() {
        String head = "POST " + TOKEN + " HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\n"
                + "Authorization: " + TestServer.basic("svc", "secret") + "\nTransfer-Encoding: chunked\n"
                + "Connection: close\n\n";

        Reply reply = server.raw(
                head, "zz\r\ngrant_type=client_credentials\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        if (server.adapter().answersUnreadableBodies()) {
            assertError(reply, 400, "invalid_request", "The request body could not be read");
        } else {
            assertThat(reply.status()).as("%s", reply).isEqualTo(400);
            assertThat(reply.body()).doesNotContain("Exception", "chunk", "\tat ");
        }
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void emptyScopeValueThenTreatedAsAbsent() {
        assertBearer(token().body("grant_type=client_credentials&scope=").send(), "cc-token");

        assertThat(HANDLER.onlyContext().scope()).isEmpty();
    }

    @Test
    void emptyGrantTypeValueThenTreatedAsMissing() {
        assertError(token().body("grant_type=&scope=read").send(), 400, "invalid_request", MISSING_GRANT_TYPE);
    }

    @Test
    void emptyClientSecretWithBasicThenNotASecondMethod() {
        Reply reply = token().body("grant_type=client_credentials&client_secret=&client_id=")
                .send();

        assertBearer(reply, "cc-token");
        assertThat(HANDLER.onlyContext().clientSecret()).contains("secret");
    }

    @Test
    void plusAndPercentInBodyThenDecodedForHandler() {
        assertBearer(
                token().body("grant_type=client_credentials&scope=read+write%3Aall")
                        .send(),
                "cc-token");

        assertThat(HANDLER.onlyContext().scope()).isEqualTo(Optional.of("read write:all"));
    }

    @Test
    void parametersInQueryStringThenNotRead() {
        Reply reply = server.post(TOKEN + "?grant_type=client_credentials&scope=read")
                .basic("svc", "secret")
                .send();

        assertError(reply, 400, "invalid_request", MISSING_GRANT_TYPE);
    }

    @Test
    void queryStringScopeThenIgnoredInFavourOfNone() {
        Reply reply = server.post(TOKEN + "?scope=admin")
                .basic("svc", "secret")
                .form("grant_type", "client_credentials")
                .send();

        assertBearer(reply, "cc-token");
        assertThat(HANDLER.onlyContext().scope()).isEmpty();
    }

    @Test
    void getOnTokenEndpointThenMethodNotAllowed() {
        Reply reply = server.get(TOKEN + "?grant_type=client_credentials")
                .header("Authorization", TestServer.basic("svc", "secret"))
                .send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(405);
        assertThat(HANDLER.calls()).isZero();
    }

    @Test
    void unknownGrantTypeWithMarkupThenNotEchoed() {
        Reply reply = token().form("grant_type", "<script>alert(1)</script>").send();

        assertError(reply, 400, "unsupported_grant_type", "The grant type is not supported by this endpoint");
    }
}

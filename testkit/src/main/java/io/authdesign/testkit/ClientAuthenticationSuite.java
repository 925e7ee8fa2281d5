package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.ClientCredentialsTokenContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client authentication at the token endpoint (RFC 6749 section 2.3): Basic credentials form-url-decoded,
 * one method per request, a method the flow has not enabled refused, and {@code invalid_client} as 401 with
 * {@code WWW-Authenticate} exactly when the Authorization header was used.
 */
public abstract class ClientAuthenticationSuite {

    private static final String FAILED = "Client authentication failed";
    private static final String NOT_SUPPORTED = "The client authentication method is not supported";
    private static final String SPECIAL_ID = "svc:1 ü";
    private static final String SPECIAL_SECRET = "p@ss:w0rd+%/ü";

    private static final RecordingHandler<ClientCredentialsTokenContext> BOTH = new RecordingHandler<>("both");
    private static final RecordingHandler<ClientCredentialsTokenContext> BASIC_ONLY =
            new RecordingHandler<>("basic-only");
    private static final RecordingHandler<AuthorizationCodeTokenContext> PUBLIC = new RecordingHandler<>("public");
    private static final RecordingHandler<AuthorizationCodeTokenContext> CONFIDENTIAL =
            new RecordingHandler<>("confidential");

    private static TestServer both;
    private static TestServer basicOnly;
    private static TestServer publicCode;
    private static TestServer confidentialCode;

    @BeforeAll
    static void start() {
        both = TestServer.start(Designs.clientCredentials(BOTH, "client_secret_post", "client_secret_basic")
                .build());
        basicOnly = TestServer.start(Designs.clientCredentials(BASIC_ONLY).build());
        publicCode = TestServer.start(
                Designs.authorizationCode(PUBLIC, "none", "client_secret_basic").build());
        confidentialCode = TestServer.start(
                Designs.authorizationCode(CONFIDENTIAL, "client_secret_basic").build());
    }

    @AfterAll
    static void stop() {
        both.close();
        basicOnly.close();
        publicCode.close();
        confidentialCode.close();
    }

    @BeforeEach
    void reset() {
        BOTH.reset();
        BASIC_ONLY.reset();
        PUBLIC.reset();
        CONFIDENTIAL.reset();
    }

    private static TestServer.Call clientCredentials(TestServer server) {
        return server.post(TOKEN).form("grant_type", "client_credentials");
    }

    private static Reply withAuthorization(String authorization) {
        return clientCredentials(both).header("Authorization", authorization).send();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicWithCharactersThatNeedEncodingThenHandlerSeesDecodedValues() {
        Reply reply = clientCredentials(both).basic(SPECIAL_ID, SPECIAL_SECRET).send();

        assertBearer(reply, "both");
        ClientCredentialsTokenContext context = BOTH.onlyContext();
        assertThat(context.clientId()).isEqualTo(SPECIAL_ID);
        assertThat(context.clientSecret()).contains(SPECIAL_SECRET);
        assertThat(context.clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
    }

    @Test
    void basicFromNimbusClientThenHandlerSeesDecodedValues() throws Exception {
        TokenRequest request = new TokenRequest(
                both.uri(TOKEN),
                new ClientSecretBasic(new ClientID(SPECIAL_ID), new Secret(SPECIAL_SECRET)),
                new ClientCredentialsGrant(),
                new Scope("read", "write"));

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        AccessTokenResponse success = response.toSuccessResponse();
        assertThat(success.getTokens().getAccessToken().getValue()).isEqualTo("both");
        assertThat(success.getTokens().getAccessToken().getType().getValue()).isEqualTo("Bearer");
        ClientCredentialsTokenContext context = BOTH.onlyContext();
        assertThat(context.clientId()).isEqualTo(SPECIAL_ID);
        assertThat(context.clientSecret()).contains(SPECIAL_SECRET);
        assertThat(context.scope()).contains("read write");
    }

    @Test
    void postFromNimbusClientThenHandlerSeesDecodedValues() throws Exception {
        TokenRequest request = new TokenRequest(
                both.uri(TOKEN),
                new ClientSecretPost(new ClientID(SPECIAL_ID), new Secret(SPECIAL_SECRET)),
                new ClientCredentialsGrant(),
                null);

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        ClientCredentialsTokenContext context = BOTH.onlyContext();
        assertThat(context.clientId()).isEqualTo(SPECIAL_ID);
        assertThat(context.clientSecret()).contains(SPECIAL_SECRET);
        assertThat(context.clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    @Test
    void basicSecretWithUnencodedColonsThenNotTruncated() {
        assertBearer(withAuthorization(TestServer.basicRaw("svc:a:b::c:")), "both");

        assertThat(BOTH.onlyContext().clientId()).isEqualTo("svc");
        assertThat(BOTH.onlyContext().clientSecret()).contains("a:b::c:");
    }

    @Test
    void basicWithPlusAndPercentEscapesThenFormDecoded() {
        assertBearer(withAuthorization(TestServer.basicRaw("my+client:se%20cr%2Bet")), "both");

        assertThat(BOTH.onlyContext().clientId()).isEqualTo("my client");
        assertThat(BOTH.onlyContext().clientSecret()).contains("se cr+et");
    }

    @Test
    void basicWithBadBase64ThenInvalidClient401() {
        assertError(withAuthorization("Basic !!not*base64!!"), 401, "invalid_client", FAILED);
        assertThat(BOTH.calls()).isZero();
    }

    @Test
    void basicWithoutColonThenInvalidClient401() {
        assertError(withAuthorization("Basic " + base64("svcsecret")), 401, "invalid_client", FAILED);
    }

    @Test
    void basicWithEmptyClientIdThenInvalidClient401() {
        assertError(withAuthorization("Basic " + base64(":secret")), 401, "invalid_client", FAILED);
    }

    @Test
    void basicWithEmptySecretThenInvalidClient401() {
        assertError(withAuthorization("Basic " + base64("svc:")), 401, "invalid_client", FAILED);
    }

    @Test
    void basicWithSecretEmptyAfterDecodingThenInvalidClient401() {
        assertError(withAuthorization("Basic " + base64("svc:%zz")), 401, "invalid_client", FAILED);
    }

    @Test
    void bareBasicSchemeThenInvalidClient401() {
        assertError(withAuthorization("Basic"), 401, "invalid_client", FAILED);
    }

    @Test
    void basicWithInvalidUtf8ThenInvalidClient401() {
        byte[] latin1 = "svc:s\u00e9cret".getBytes(StandardCharsets.ISO_8859_1);

        Reply reply = withAuthorization("Basic " + Base64.getEncoder().encodeToString(latin1));

        assertError(reply, 401, "invalid_client", FAILED);
    }

    @Test
    void basicWithMalformedEscapeInClientIdThenInvalidClient401() {
        assertError(withAuthorization("Basic " + base64("s%2:secret")), 401, "invalid_client", FAILED);
    }

    @Test
    void lowerCaseBasicSchemeThenAccepted() {
        assertBearer(withAuthorization("basic " + base64("svc:secret")), "both");
        assertThat(BOTH.onlyContext().clientSecret()).contains("secret");
    }

    @Test
    void upperCaseBasicSchemeThenAccepted() {
        assertBearer(withAuthorization("BASIC " + base64("svc:secret")), "both");
    }

    @Test
    void basicAndClientSecretInBodyThenInvalidRequest() {
        Reply reply = both.post(TOKEN)
                .basic("svc", "secret")
                .form("grant_type", "client_credentials", "client_id", "svc", "client_secret", "secret")
                .send();

        assertError(reply, 400, "invalid_request", "The request uses more than one client authentication method");
        assertThat(BOTH.calls()).isZero();
    }

    @Test
    void basicAndDifferentBodyClientIdThenInvalidClient401() {
        Reply reply = both.post(TOKEN)
                .basic("svc", "secret")
                .form("grant_type", "client_credentials", "client_id", "other")
                .send();

        assertError(reply, 401, "invalid_client", FAILED);
        assertThat(BOTH.calls()).isZero();
    }

    @Test
    void basicAndSameBodyClientIdThenAccepted() {
        Reply reply = both.post(TOKEN)
                .basic("svc", "secret")
                .form("grant_type", "client_credentials", "client_id", "svc")
                .send();

        assertBearer(reply, "both");
    }

    @Test
    void twoAuthorizationHeadersThenInvalidRequest() {
        Reply reply = clientCredentials(both)
                .basic("svc", "secret")
                .basic("other", "secret")
                .send();

        assertError(reply, 400, "invalid_request", "The request has more than one Authorization header");
        assertThat(BOTH.calls()).isZero();
    }

    @Test
    void clientSecretPostThenHandlerSeesIdSecretAndMethod() {
        Reply reply = both.post(TOKEN)
                .form("grant_type", "client_credentials", "client_id", "svc", "client_secret", "s3cr3t")
                .send();

        assertBearer(reply, "both");
        ClientCredentialsTokenContext context = BOTH.onlyContext();
        assertThat(context.clientId()).isEqualTo("svc");
        assertThat(context.clientSecret()).contains("s3cr3t");
        assertThat(context.clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    @Test
    void clientSecretPostWithoutClientIdThenInvalidClient400() {
        Reply reply = both.post(TOKEN)
                .form("grant_type", "client_credentials", "client_secret", "s3cr3t")
                .send();

        assertError(reply, 400, "invalid_client", FAILED);
    }

    @Test
    void clientSecretPostWhenOnlyBasicEnabledThenInvalidClient400WithoutChallenge() {
        Reply reply = basicOnly
                .post(TOKEN)
                .form("grant_type", "client_credentials", "client_id", "svc", "client_secret", "s3cr3t")
                .send();

        assertError(reply, 400, "invalid_client", NOT_SUPPORTED);
        assertThat(BASIC_ONLY.calls()).isZero();
    }

    @Test
    void basicOnDefaultMethodsThenAccepted() {
        assertBearer(clientCredentials(basicOnly).basic("svc", "secret").send(), "basic-only");
    }

    @Test
    void basicWhenFlowDoesNotEnableItThenInvalidClient401() {
        try (TestServer postOnly = TestServer.start(
                Designs.clientCredentials(BASIC_ONLY, "client_secret_post").build())) {
            Reply reply = clientCredentials(postOnly).basic("svc", "secret").send();

            assertError(reply, 401, "invalid_client", NOT_SUPPORTED);
        }
    }

    @Test
    void clientAssertionWithoutJwtMethodThenInvalidClient400() {
        Reply reply = both.post(TOKEN)
                .form(
                        "grant_type", "client_credentials",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", "e30.e30.sig")
                .send();

        assertError(reply, 400, "invalid_client", NOT_SUPPORTED);
    }

    @Test
    void noCredentialsThenInvalidClient400() {
        assertError(clientCredentials(both).send(), 400, "invalid_client", "Client authentication is required");
        assertThat(BOTH.calls()).isZero();
    }

    @Test
    void bearerAuthorizationHeaderThenNotTakenForCredentials() {
        Reply reply =
                clientCredentials(both).header("Authorization", "Bearer abc").send();

        assertError(reply, 400, "invalid_client", "Client authentication is required");
    }

    @Test
    void publicClientWithClientIdOnlyWhenNoneEnabledThenHandlerRuns() {
        Reply reply = publicCode
                .post(TOKEN)
                .form("grant_type", "authorization_code", "code", "abc", "client_id", "spa")
                .send();

        assertBearer(reply, "public");
        AuthorizationCodeTokenContext context = PUBLIC.onlyContext();
        assertThat(context.clientId()).isEqualTo("spa");
        assertThat(context.clientSecret()).isEmpty();
        assertThat(context.clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
    }

    @Test
    void publicClientWhenNoneNotEnabledThenInvalidClient400() {
        Reply reply = confidentialCode
                .post(TOKEN)
                .form("grant_type", "authorization_code", "code", "abc", "client_id", "spa")
                .send();

        assertError(reply, 400, "invalid_client", NOT_SUPPORTED);
        assertThat(CONFIDENTIAL.calls()).isZero();
    }

    @Test
    void basicOnFlowWithNoneAndBasicThenBasicWins() {
        Reply reply = publicCode
                .post(TOKEN)
                .basic("web", "secret")
                .form("grant_type", "authorization_code", "code", "abc", "client_id", "web")
                .send();

        assertBearer(reply, "public");
        assertThat(PUBLIC.onlyContext().clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
    }

    @Test
    void handlerRejectsBasicClientThenInvalidClient401WithChallenge() {
        BOTH.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Unknown client"));

        Reply reply = clientCredentials(both).basic("svc", "wrong").send();

        assertError(reply, 401, "invalid_client", "Unknown client");
    }

    @Test
    void handlerRejectsPostClientThenInvalidClient400WithoutChallenge() {
        BOTH.answer((context, request) -> OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Unknown client"));

        Reply reply = both.post(TOKEN)
                .form("grant_type", "client_credentials", "client_id", "svc", "client_secret", "wrong")
                .send();

        assertError(reply, 400, "invalid_client", "Unknown client");
    }

    @Test
    void basicCredentialsNeverReachHandlerWhenBodyIdDiffers() {
        // a client must not present one identity in the header and act as another in the body
        Reply reply = publicCode
                .post(TOKEN)
                .basic("web", "secret")
                .form("grant_type", "authorization_code", "code", "abc", "client_id", "spa")
                .send();

        assertError(reply, 401, "invalid_client", FAILED);
        assertThat(PUBLIC.contexts()).isEmpty();
    }
}

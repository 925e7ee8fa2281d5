package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.ORDERS_API;
import static io.authdesign.testkit.ReadyFlows.OTHER;
import static io.authdesign.testkit.ReadyFlows.OTHER_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.REPORTS_API;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.redirected;
import static io.authdesign.testkit.ReadyFlows.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource indicators (RFC 8707) with the ready authorization code flow, over HTTP with the Nimbus SDK at
 * the token endpoint: the authorization request's {@code resource} is carried with the code and bounds the
 * tokens' {@code aud}; the token and refresh requests may name a resource of the grant (or, for a grant
 * that named none, one the client is registered for); anything else is {@code invalid_target}.
 */
public abstract class ResourceIndicatorsSuite {

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    /** A code of {@link ReadyFlows#WEB}, its authorization request naming the resource when given. */
    private String code(ReadyFlows.Pkce pkce, String resource) {
        List<String> params = resource == null
                ? request(WEB, WEB_REDIRECT, pkce)
                : request(WEB, WEB_REDIRECT, pkce, "resource", resource);
        return ReadyAuthorizationCodeFlowSuite.authorize(flows, flows.browser(), params)
                .get("code");
    }

    private TokenResponse token(AuthorizationGrant grant, String resource) throws Exception {
        TokenRequest.Builder request = new TokenRequest.Builder(
                URI.create(flows.issuer + TestServer.TOKEN),
                new ClientSecretBasic(new ClientID(WEB), new Secret(WEB_SECRET)),
                grant);
        if (resource != null) {
            request.resources(URI.create(resource));
        }
        return TokenResponse.parse(request.build().toHTTPRequest().send());
    }

    private static AuthorizationGrant codeGrant(String code, ReadyFlows.Pkce pkce) {
        return new AuthorizationCodeGrant(
                new AuthorizationCode(code), URI.create(WEB_REDIRECT), new CodeVerifier(pkce.verifier()));
    }

    private static List<String> audience(TokenResponse response) throws Exception {
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        String token =
                ((AccessTokenResponse) response).getTokens().getAccessToken().getValue();
        return SignedJWT.parse(token).getJWTClaimsSet().getAudience();
    }

    private static void assertInvalidTarget(TokenResponse response) {
        assertThat(response.indicatesSuccess()).as("%s", response).isFalse();
        TokenErrorResponse error = response.toErrorResponse();
        assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(400);
        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_target");
        assertThat(error.getErrorObject().getDescription())
                .isEqualTo("The requested resource is not allowed for this client");
    }

    @Test
    void codeForAResourceThenItsTokensAreForThatResource() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        TokenResponse response = token(codeGrant(code(pkce, ORDERS_API), pkce), null);

        assertThat(audience(response)).containsExactly(ORDERS_API);
        RefreshToken refresh = ((AccessTokenResponse) response).getTokens().getRefreshToken();
        assertThat(audience(token(new RefreshTokenGrant(refresh), null))).containsExactly(ORDERS_API);
    }

    @Test
    void tokenRequestNamingTheAuthorizedResourceThenAccepted() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        assertThat(audience(token(codeGrant(code(pkce, REPORTS_API), pkce), REPORTS_API)))
                .containsExactly(REPORTS_API);
    }

    @Test
    void tokenRequestNamingAnotherResourceThanAuthorizedThenInvalidTarget() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        // the client may use REPORTS_API, but this grant was authorized for ORDERS_API only
        assertInvalidTarget(token(codeGrant(code(pkce, ORDERS_API), pkce), REPORTS_API));
    }

    @Test
    void refreshNamingAResourceOutsideTheGrantThenInvalidTargetAndTheRefreshTokenStillWorks() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        TokenResponse first = token(codeGrant(code(pkce, ORDERS_API), pkce), null);
        RefreshToken refresh = ((AccessTokenResponse) first).getTokens().getRefreshToken();

        assertInvalidTarget(token(new RefreshTokenGrant(refresh), REPORTS_API));
        assertInvalidTarget(token(new RefreshTokenGrant(refresh), "https://evil.example.com/"));
        assertThat(audience(token(new RefreshTokenGrant(refresh), ORDERS_API))).containsExactly(ORDERS_API);
    }

    @Test
    void grantWithoutResourceThenTokenForARegisteredResourceOnlyAndDefaultAudienceOtherwise() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        TokenResponse response = token(codeGrant(code(pkce, null), pkce), ORDERS_API);
        assertThat(audience(response)).containsExactly(ORDERS_API);
        RefreshToken refresh = ((AccessTokenResponse) response).getTokens().getRefreshToken();
        assertThat(audience(token(new RefreshTokenGrant(refresh), null))).containsExactly(ORDERS_API);

        ReadyFlows.Pkce plain = ReadyFlows.Pkce.create();
        assertThat(audience(token(codeGrant(code(plain, null), plain), null))).containsExactly(flows.issuer);

        ReadyFlows.Pkce foreign = ReadyFlows.Pkce.create();
        assertInvalidTarget(token(codeGrant(code(foreign, null), foreign), "https://evil.example.com/"));
    }

    @Test
    void authorizationRequestForAResourceTheClientMayNotUseThenRedirectedInvalidTarget() {
        ReadyFlows.Browser browser = flows.browser();
        Reply unknown =
                browser.get(authorizeUrl(request(WEB, WEB_REDIRECT, null, "resource", "https://evil.example.com/")));
        assertThat(redirected(unknown, WEB_REDIRECT))
                .containsEntry("error", "invalid_target")
                .containsEntry("error_description", "The requested resource is not allowed for this client")
                .containsEntry("state", "st-" + WEB)
                .containsEntry("iss", flows.issuer)
                .doesNotContainKey("code");
        // a client registered without resources may use none
        Reply unregistered = browser.get(authorizeUrl(request(OTHER, OTHER_REDIRECT, null, "resource", ORDERS_API)));
        assertThat(redirected(unregistered, OTHER_REDIRECT)).containsEntry("error", "invalid_target");
    }

    @Test
    void malformedResourceAtTheAuthorizationEndpointThenRedirectedInvalidTarget() {
        for (String malformed : List.of("/api/orders", "https://orders.example.com/api#frag", "not a uri")) {
            Reply reply = flows.browser().get(authorizeUrl(request(WEB, WEB_REDIRECT, null, "resource", malformed)));
            assertThat(redirected(reply, WEB_REDIRECT))
                    .as(malformed)
                    .containsEntry("error", "invalid_target")
                    .containsEntry(
                            "error_description", "The resource parameter must be an absolute URI without a fragment");
        }
    }

    @Test
    void malformedOrRepeatedResourceAtTheTokenEndpointThen400() {
        for (String malformed : List.of("/api/orders", "https://orders.example.com/api#frag")) {
            Reply reply = flows.server
                    .post(TestServer.TOKEN)
                    .basic(WEB, WEB_SECRET)
                    .form("grant_type", "refresh_token", "refresh_token", "unknown", "resource", malformed)
                    .send();
            assertThat(reply.status()).as("%s", reply).isEqualTo(400);
            assertThat(reply.json())
                    .isEqualTo(Map.of(
                            "error",
                            "invalid_target",
                            "error_description",
                            "The resource parameter must be an absolute URI without a fragment"));
        }
        Reply repeated = flows.server
                .post(TestServer.TOKEN)
                .basic(WEB, WEB_SECRET)
                .body("grant_type=refresh_token&refresh_token=unknown&resource="
                        + TestServer.form("r", ORDERS_API).substring(2) + "&resource="
                        + TestServer.form("r", REPORTS_API).substring(2))
                .send();
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(repeated.json()).containsEntry("error", "invalid_request");
    }
}

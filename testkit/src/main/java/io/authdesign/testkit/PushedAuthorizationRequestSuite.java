package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyAuthorizationCodeFlowSuite.redeem;
import static io.authdesign.testkit.ReadyFlows.AUTHORIZE;
import static io.authdesign.testkit.ReadyFlows.SPA;
import static io.authdesign.testkit.ReadyFlows.SPA_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.query;
import static io.authdesign.testkit.ReadyFlows.queryOf;
import static io.authdesign.testkit.ReadyFlows.redirected;
import static io.authdesign.testkit.ReadyFlows.request;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.dpop.DPoPToken;
import io.authdesign.store.ClientSettings;
import io.authdesign.store.RegisteredClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pushed authorization requests (RFC 9126) with the ready code flow: the client pushes its request to an
 * authenticated endpoint, which checks it as the authorization endpoint would and answers errors as JSON;
 * the authorization request then carries only {@code client_id} and the one-time {@code request_uri}.
 */
public abstract class PushedAuthorizationRequestSuite {

    private static final String PAR = "/oauth2/par";

    private ReadyFlows flows;

    @AfterEach
    void stop() {
        if (flows != null) {
            flows.close();
        }
    }

    private Reply push(TestServer.Call call, List<String> parameters) {
        return call.form(parameters.toArray(String[]::new)).send();
    }

    private Reply pushSpa(ReadyFlows.Pkce pkce, String... more) {
        List<String> params = new ArrayList<>(request(SPA, SPA_REDIRECT, pkce));
        params.addAll(List.of(more));
        return push(flows.server.post(PAR), params);
    }

    private static String requestUri(Reply pushed) {
        assertThat(pushed.status()).as("%s", pushed).isEqualTo(201);
        return (String) pushed.json().get("request_uri");
    }

    private static String authorizeUrl(String clientId, String requestUri) {
        return AUTHORIZE + "?" + query("client_id", clientId, "request_uri", requestUri);
    }

    /** Signs in and approves in a new browser: the redirect parameters. */
    private Map<String, String> authorizePushed(String clientId, String requestUri, String redirectUri) {
        ReadyFlows.Browser browser = flows.browser();
        Reply signIn = browser.get(authorizeUrl(clientId, requestUri));
        assertThat(signIn.status()).as("%s", signIn).isEqualTo(200);
        Reply consent = browser.signIn(signIn);
        return redirected(browser.approve(consent), redirectUri);
    }

    @Test
    void pushedRequestThenRequestUriAuthorizesAndCodeRedeems() {
        flows = ReadyFlows.withPushedRequests(null, false);
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();

        Reply pushed = pushSpa(pkce);

        assertThat(pushed.status()).as("%s", pushed).isEqualTo(201);
        assertThat(pushed.headers("Cache-Control")).containsExactly("no-store");
        assertThat(pushed.json()).containsOnlyKeys("request_uri", "expires_in").containsEntry("expires_in", 60);
        assertThat((String) pushed.json().get("request_uri")).startsWith("urn:ietf:params:oauth:request_uri:");
        Map<String, String> response = authorizePushed(SPA, requestUri(pushed), SPA_REDIRECT);
        assertThat(response).containsEntry("state", "st-" + SPA).containsEntry("iss", flows.issuer);
        assertThat(redeem(flows, response.get("code"), pkce)).containsKey("access_token");
    }

    @Test
    void confidentialClientMustAuthenticateWithItsOwnMethodAndSecret() {
        flows = ReadyFlows.withPushedRequests(null, false);

        // a bare client_id (the 'none' method the flow enables for public clients) for a confidential client
        Reply anonymous = push(flows.server.post(PAR), request(WEB, WEB_REDIRECT, null));
        Reply wrongSecret = push(flows.server.post(PAR).basic(WEB, "wrong"), request(WEB, WEB_REDIRECT, null));
        Reply unknown = push(flows.server.post(PAR).basic("nobody", "x"), request("nobody", WEB_REDIRECT, null));
        Reply pushed = push(flows.server.post(PAR).basic(WEB, WEB_SECRET), request(WEB, WEB_REDIRECT, null));

        assertError(anonymous, 400, "invalid_client", "Client authentication failed");
        assertError(wrongSecret, 401, "invalid_client", "Client authentication failed");
        assertError(unknown, 401, "invalid_client", "Client authentication failed");
        assertThat(wrongSecret.header("WWW-Authenticate")).contains(TokenAssertions.BASIC_CHALLENGE);
        Map<String, String> response = authorizePushed(WEB, requestUri(pushed), WEB_REDIRECT);
        assertThat(response).containsKey("code");
    }

    @Test
    void clientIdOtherThanTheAuthenticatedClientThenInvalidClient() {
        flows = ReadyFlows.withPushedRequests(null, false);
        List<String> params = new ArrayList<>(request(ReadyFlows.OTHER, WEB_REDIRECT, null));

        Reply reply = push(flows.server.post(PAR).basic(WEB, WEB_SECRET), params);

        assertError(reply, 401, "invalid_client", "Client authentication failed");
    }

    @Test
    void requestUriInsidePushedRequestThenInvalidRequest() {
        flows = ReadyFlows.withPushedRequests(null, false);

        Reply reply = pushSpa(ReadyFlows.Pkce.create(), "request_uri", "https://attacker.example/request.jwt");

        assertError(reply, 400, "invalid_request", "request_uri is not allowed in a pushed authorization request");
    }

    @Test
    void unregisteredRedirectUriThenJsonErrorNotRedirect() {
        flows = ReadyFlows.withPushedRequests(null, false);
        List<String> params = new ArrayList<>(request(SPA, "https://attacker.example/cb", ReadyFlows.Pkce.create()));

        Reply reply = push(flows.server.post(PAR), params);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Location")).isEmpty();
        assertThat(reply.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void publicClientWithoutPkceThenRefusedAtPush() {
        flows = ReadyFlows.withPushedRequests(null, false);

        Reply reply = pushSpa(null);

        assertError(reply, 400, "invalid_request", "This client must use PKCE (RFC 7636)");
    }

    @Test
    void requestUriReusableBeforeCompletionThenUsedUpByTheResponse() {
        flows = ReadyFlows.withPushedRequests(null, false);
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        String requestUri = requestUri(pushSpa(pkce));
        // a reload before the user finished: the same sign-in page
        assertThat(flows.browser().get(authorizeUrl(SPA, requestUri)).status()).isEqualTo(200);

        Map<String, String> response = authorizePushed(SPA, requestUri, SPA_REDIRECT);
        assertThat(response).containsKey("code");

        Reply reused = flows.browser().get(authorizeUrl(SPA, requestUri));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.header("Location")).isEmpty();
        assertThat(reused.body()).contains("The request_uri is unknown, expired or already used");
    }

    @Test
    void requestUriOfAnotherClientOrExpiredThenErrorPage() {
        flows = ReadyFlows.withPushedRequests(null, false);
        String requestUri = requestUri(pushSpa(ReadyFlows.Pkce.create()));

        Reply foreign = flows.browser().get(authorizeUrl(WEB, requestUri));
        flows.clock.advance(Duration.ofSeconds(61));
        Reply expired = flows.browser().get(authorizeUrl(SPA, requestUri));

        for (Reply reply : List.of(foreign, expired)) {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Location")).isEmpty();
            assertThat(reply.body()).contains("The request_uri is unknown, expired or already used");
        }
    }

    @Test
    void pushedParametersWinOverThoseBesideTheRequestUri() {
        flows = ReadyFlows.withPushedRequests(null, false);
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        String requestUri = requestUri(pushSpa(pkce));
        ReadyFlows.Browser browser = flows.browser();

        Reply signIn = browser.get(AUTHORIZE + "?"
                + query(
                        "client_id",
                        SPA,
                        "request_uri",
                        requestUri,
                        "redirect_uri",
                        "https://attacker.example/cb",
                        "state",
                        "attacker"));
        Map<String, String> response = redirected(browser.approve(browser.signIn(signIn)), SPA_REDIRECT);

        assertThat(response).containsEntry("state", "st-" + SPA);
    }

    @Test
    void requiredThenPlainAuthorizationRequestRedirectedWithInvalidRequest() {
        flows = ReadyFlows.withPushedRequests(null, true);

        Reply reply =
                flows.browser().get(ReadyFlows.authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create())));

        assertThat(reply.status()).isEqualTo(302);
        assertThat(queryOf(reply.header("Location").orElseThrow()))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "This client must push its authorization requests (RFC 9126)")
                .containsEntry("state", "st-" + SPA);
    }

    @Test
    void requiredOfOneClientThenItsPlainRequestRefusedAndItsPushedOneAndOtherClientsServed() {
        flows = ReadyFlows.withPushedRequests(null, false);
        RegisteredClient spa = flows.clients.find(SPA).orElseThrow();
        flows.clients.save(spa.toBuilder()
                .settings(ClientSettings.builder()
                        .requirePushedAuthorizationRequests(true)
                        .build())
                .build());

        Reply plain =
                flows.browser().get(ReadyFlows.authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create())));
        assertThat(plain.status()).isEqualTo(302);
        assertThat(queryOf(plain.header("Location").orElseThrow()))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "This client must push its authorization requests (RFC 9126)");

        Map<String, String> pushed = authorizePushed(SPA, requestUri(pushSpa(ReadyFlows.Pkce.create())), SPA_REDIRECT);
        assertThat(pushed).containsKey("code");

        Reply other =
                flows.browser().get(ReadyFlows.authorizeUrl(request(WEB, WEB_REDIRECT, ReadyFlows.Pkce.create())));
        assertThat(other.status()).as("%s", other).isEqualTo(200);
        assertThat(flows.server.get("/.well-known/openid-configuration").send().json())
                .containsEntry("require_pushed_authorization_requests", false);
    }

    @Test
    void discoveryThenAdvertisesTheEndpointAndTheRequirement() {
        flows = ReadyFlows.withPushedRequests(null, true);

        Map<String, Object> metadata =
                flows.server.get("/.well-known/openid-configuration").send().json();

        assertThat(metadata)
                .containsEntry("pushed_authorization_request_endpoint", flows.issuer + PAR)
                .containsEntry("require_pushed_authorization_requests", true);
    }

    @Test
    void getThenMethodNotAllowed() {
        flows = ReadyFlows.withPushedRequests(null, false);

        assertThat(flows.server.get(PAR).send().status()).isEqualTo(405);
    }

    @Test
    void dpopProofAtPushThenCodeBoundToItsKey() {
        flows = ReadyFlows.withPushedRequests(new DPoPToken().setRequired(false), false);
        DPoPProofs key = DPoPProofs.generate();
        DPoPProofs other = DPoPProofs.generate();
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Reply pushed = push(
                flows.server.post(PAR).header("DPoP", key.proof("POST", flows.issuer + PAR)),
                request(SPA, SPA_REDIRECT, pkce));
        String code = authorizePushed(SPA, requestUri(pushed), SPA_REDIRECT).get("code");

        Reply withOther = flows.server
                .post(TestServer.TOKEN)
                .header("DPoP", other.proof("POST", flows.issuer + TestServer.TOKEN))
                .form(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", SPA_REDIRECT,
                        "client_id", SPA,
                        "code_verifier", pkce.verifier())
                .send();

        assertError(withOther, 400, "invalid_grant", "The authorization code is bound to another DPoP key (dpop_jkt)");
    }

    @Test
    void dpopJktNotMatchingTheProofAtPushThenInvalidDpopProof() {
        flows = ReadyFlows.withPushedRequests(new DPoPToken().setRequired(false), false);
        DPoPProofs key = DPoPProofs.generate();
        DPoPProofs other = DPoPProofs.generate();
        List<String> params = new ArrayList<>(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create()));
        params.addAll(List.of("dpop_jkt", other.jkt()));

        Reply reply = push(flows.server.post(PAR).header("DPoP", key.proof("POST", flows.issuer + PAR)), params);

        assertError(reply, 400, "invalid_dpop_proof", "dpop_jkt does not match the DPoP proof's key");
    }
}

package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyAuthorizationCodeFlowSuite.authorize;
import static io.authdesign.testkit.ReadyFlows.ALICE_SUB;
import static io.authdesign.testkit.ReadyFlows.SPA;
import static io.authdesign.testkit.ReadyFlows.SPA_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB;
import static io.authdesign.testkit.ReadyFlows.WEB_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.WEB_SECRET;
import static io.authdesign.testkit.ReadyFlows.authorizeUrl;
import static io.authdesign.testkit.ReadyFlows.redirected;
import static io.authdesign.testkit.ReadyFlows.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.ready.UserAccounts;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryAuthorizationCodeStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryConsentStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.InMemorySessionStore;
import io.authdesign.store.RegisteredClient;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity attacks of issue 11 on the ready authorization code flow, performed over HTTP by a client
 * against a signed-in user: a grant without the user's consent (RFC 6749 section 10.2, OIDC Core section
 * 3.1.2.4).
 */
public abstract class ReadyIdentityAttacksSuite {

    private ReadyFlows flows;

    @BeforeEach
    void start() {
        flows = new ReadyFlows();
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    /** A browser where alice is signed in, having approved the SPA only. */
    private ReadyFlows.Browser aliceSignedInForTheSpaOnly() {
        ReadyFlows.Browser browser = flows.browser();
        authorize(flows, browser, request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create()));
        assertThat(flows.consents.grantedScopes(ALICE_SUB, WEB)).isEmpty();
        return browser;
    }

    /** The web client's request with this scope parameter ({@code null}: none) and more parameters. */
    private static List<String> webRequest(String scope, String... more) {
        List<String> params = request(WEB, WEB_REDIRECT, null, more);
        int at = params.indexOf("scope");
        if (scope == null) {
            params.remove(at + 1);
            params.remove(at);
        } else {
            params.set(at + 1, scope);
        }
        return params;
    }

    // ---- item 1: consent bypass ----

    @Test
    void noScopeWithPromptNoneForANeverApprovedClientThenConsentRequiredAndNoCode() {
        Reply reply = aliceSignedInForTheSpaOnly().get(authorizeUrl(webRequest(null, "prompt", "none")));
        assertThat(redirected(reply, WEB_REDIRECT))
                .isEqualTo(Map.of(
                        "app", "1",
                        "error", "consent_required",
                        "error_description", "The user has not approved this client",
                        "state", "st-web",
                        "iss", flows.issuer));
    }

    @Test
    void unregisteredScopesWithPromptNoneThenInvalidScopeAndNoCode() {
        Reply reply = aliceSignedInForTheSpaOnly().get(authorizeUrl(webRequest("admin superuser", "prompt", "none")));
        assertThat(redirected(reply, WEB_REDIRECT))
                .isEqualTo(Map.of(
                        "app", "1",
                        "error", "invalid_scope",
                        "error_description", "The requested scope is not allowed for this client",
                        "state", "st-web",
                        "iss", flows.issuer));
    }

    @Test
    void aScopeBeyondTheClientsBesideARegisteredOneThenInvalidScope() {
        Reply reply = aliceSignedInForTheSpaOnly().get(authorizeUrl(webRequest("openid admin")));
        assertThat(redirected(reply, WEB_REDIRECT))
                .containsEntry("error", "invalid_scope")
                .doesNotContainKey("code");
        assertThat(flows.consents.grantedScopes(ALICE_SUB, WEB)).isEmpty();
    }

    @Test
    void noScopeThenTheClientsDefaultScopeOnTheConsentPageAndInTheToken() {
        ReadyFlows.Browser browser = aliceSignedInForTheSpaOnly();
        Reply consent = browser.get(authorizeUrl(webRequest(null)));
        assertThat(consent.status()).as("%s", consent).isEqualTo(200);
        assertThat(consent.body()).contains("<title>Consent</title>", "<p id=\"scopes\">openid profile email</p>");

        Map<String, String> response = redirected(browser.approve(consent), WEB_REDIRECT);
        Reply tokens = flows.token(WEB, WEB_SECRET)
                .form("grant_type", "authorization_code", "code", response.get("code"), "redirect_uri", WEB_REDIRECT)
                .send();
        assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
        assertThat(((String) tokens.json().get("scope")).split(" "))
                .containsExactlyInAnyOrder("openid", "profile", "email");
        // remembered: the same request is now answered without a page
        assertThat(redirected(browser.get(authorizeUrl(webRequest(null, "prompt", "none"))), WEB_REDIRECT))
                .containsKey("code");
    }

    // ---- item 3: acr tells what the authentication achieved ----

    private Map<String, Object> spaTokens(String... more) {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, String> response = authorize(flows, flows.browser(), request(SPA, SPA_REDIRECT, pkce, more));
        return ReadyAuthorizationCodeFlowSuite.redeem(flows, response.get("code"), pkce);
    }

    private static JWTClaimsSet claimsOf(Object jwt) throws Exception {
        return SignedJWT.parse((String) jwt).getJWTClaimsSet();
    }

    @Test
    void acrValuesAskingForMfaAfterAPasswordSignInThenTheIdTokenStatesThePasswordAcr() throws Exception {
        Map<String, Object> tokens = spaTokens("acr_values", "urn:example:mfa");
        assertThat(claimsOf(tokens.get("id_token")).getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);
        assertThat(claimsOf(tokens.get("access_token")).getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);
    }

    @Test
    void essentialAcrClaimThatNoSignInCanMeetThenUnmetAuthenticationRequirementsBeforeSignIn() {
        String claims = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"urn:example:mfa\"]}}}";
        Reply reply = flows.browser()
                .get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "claims", claims)));
        assertThat(redirected(reply, SPA_REDIRECT))
                .isEqualTo(Map.of(
                        "error", "unmet_authentication_requirements",
                        "error_description", "The requested authentication context cannot be met",
                        "state", "st-spa",
                        "iss", flows.issuer));
        // nor for a signed-in user (a silent request would otherwise get a code)
        ReadyFlows.Browser signedIn = aliceSignedInForTheSpaOnly();
        String single = "{\"id_token\":{\"acr\":{\"essential\":true,\"value\":\"urn:example:mfa\"}}}";
        Reply silent = signedIn.get(
                authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "claims", single, "prompt", "none")));
        assertThat(redirected(silent, SPA_REDIRECT))
                .containsEntry("error", "unmet_authentication_requirements")
                .doesNotContainKey("code");
    }

    @Test
    void essentialAcrClaimThatThePasswordMeetsThenIssuedWithThatAcr() throws Exception {
        String claims = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"urn:example:mfa\",\""
                + ReadyFlows.PASSWORD_ACR + "\"]}}}";
        Map<String, Object> tokens = spaTokens("claims", claims);
        assertThat(claimsOf(tokens.get("id_token")).getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);
    }

    @Test
    void whitespaceAcrValuesThenACodeAndNoServerError() throws Exception {
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        ReadyFlows.Browser browser = flows.browser();
        Map<String, String> response = authorize(flows, browser, request(SPA, SPA_REDIRECT, pkce, "acr_values", " "));
        assertThat(response).containsKey("code").doesNotContainKey("error");
        Map<String, Object> tokens = ReadyAuthorizationCodeFlowSuite.redeem(flows, response.get("code"), pkce);
        assertThat(claimsOf(tokens.get("id_token")).getStringClaim("acr")).isEqualTo(ReadyFlows.PASSWORD_ACR);
        Reply again =
                browser.get(authorizeUrl(request(SPA, SPA_REDIRECT, ReadyFlows.Pkce.create(), "acr_values", "  \t ")));
        assertThat(redirected(again, SPA_REDIRECT)).containsKey("code");
    }

    // ---- item 4: a client named like a user (RFC 9700 section 4.15) ----

    @Test
    void clientCredentialsTokenOfAClientNamedLikeAUserThenUserinfoRefusesIt() {
        SecureRandom random = new SecureRandom();
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(random);
        InMemoryClientStore clients = new InMemoryClientStore();
        // a service client whose id is the subject of the user "bob"
        clients.save(RegisteredClient.builder("bob")
                .secret(ClientSecret.of(hasher.hash("bob-client-secret")))
                .grantTypes("client_credentials")
                .scopes("openid", "profile")
                .build());
        UserAccounts users = new UserAccounts() {
            @Override
            public Optional<String> authenticate(String username, String password) {
                return Optional.empty();
            }

            @Override
            public Map<String, Object> claims(String subject) {
                return subject.equals("bob") ? Map.of("name", "Bob the user") : Map.of();
            }
        };
        OAuth2ClientCredentialsBuilder service = ReadyClientCredentialsFlow.builder()
                .clients(clients, hasher)
                .build()
                .install(OAuth2ClientCredentialsBuilder.create().addClientAuthenticationMethod("client_secret_basic"));
        OIDCAuthorizationCodeBuilder code = ReadyAuthorizationCodeFlow.builder()
                .clients(clients, hasher)
                .codes(new InMemoryAuthorizationCodeStore(flows.clock))
                .refreshTokens(new InMemoryRefreshTokenStore(flows.clock))
                .consents(new InMemoryConsentStore())
                .sessions(new InMemorySessionStore(flows.clock))
                .users(users)
                .build()
                .install(OIDCAuthorizationCodeBuilder.create().addClientAuthenticationMethod("client_secret_basic"));
        try (TestServer server = TestServer.start(MultipleFlowsBuilder.create()
                .setIssuer("http://127.0.0.1")
                .add(service)
                .add(code)
                .build())) {
            Reply token = server.post(TestServer.TOKEN)
                    .basic("bob", "bob-client-secret")
                    .form("grant_type", "client_credentials", "scope", "openid profile")
                    .send();
            assertThat(token.status()).as("%s", token).isEqualTo(200);
            Reply userinfo = server.get(ReadyFlows.USERINFO)
                    .header("Authorization", "Bearer " + token.json().get("access_token"))
                    .send();
            assertThat(userinfo.status()).as("%s", userinfo).isEqualTo(401);
            assertThat(userinfo.header("WWW-Authenticate"))
                    .contains("Bearer error=\"invalid_token\", error_description=\"The access token is not valid"
                            + " for userinfo\"");
            assertThat(userinfo.body()).doesNotContain("Bob the user");
        }
    }

    // ---- item 2: the claims parameter releases nothing beyond the consent ----

    private static final String NAME_AND_EMAIL = "{\"id_token\":{\"email\":null,\"name\":{\"essential\":true}},"
            + "\"userinfo\":{\"email\":null,\"name\":null}}";

    /** The signer client (registered for openid and profile, not email) asking for scope openid only. */
    private static List<String> signerRequest(ReadyFlows.Pkce pkce, String... more) {
        List<String> params = request(ReadyFlows.SIGNER, ReadyFlows.SIGNER_REDIRECT, pkce, more);
        params.set(params.indexOf("scope") + 1, "openid");
        return params;
    }

    private Map<String, Object> redeemSigner(String code, ReadyFlows.Pkce pkce) {
        Reply reply = flows.token(ReadyFlows.SIGNER, ReadyFlows.SIGNER_SECRET)
                .form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        ReadyFlows.SIGNER_REDIRECT,
                        "code_verifier",
                        pkce.verifier())
                .send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    @Test
    void claimsBeyondTheConsentedScopesThenOnlyTheAllowedOnesShownAndReleasedAfterConsent() throws Exception {
        ReadyFlows.Browser browser = flows.browser();
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Reply consent = browser.signIn(browser.get(authorizeUrl(signerRequest(pkce, "claims", NAME_AND_EMAIL))));
        assertThat(consent.status()).as("%s", consent).isEqualTo(200);
        // email is not allowed for this client at all; name is, and needs its own approval
        assertThat(consent.body()).contains("<p id=\"scopes\">openid</p>", "<p id=\"claims\">name</p>");

        Map<String, String> response = redirected(browser.approve(consent), ReadyFlows.SIGNER_REDIRECT);
        Map<String, Object> tokens = redeemSigner(response.get("code"), pkce);
        JWTClaimsSet id = claimsOf(tokens.get("id_token"));
        assertThat(id.getStringClaim("name")).isEqualTo("Alice Liddell");
        assertThat(id.getClaims()).doesNotContainKeys("email", "email_verified", "phone_number");
        Reply userinfo = flows.server
                .get(ReadyFlows.USERINFO)
                .header("Authorization", "Bearer " + tokens.get("access_token"))
                .send();
        assertThat(userinfo.json()).isEqualTo(Map.of("sub", ALICE_SUB, "name", "Alice Liddell"));
    }

    @Test
    void claimsNeverApprovedWithPromptNoneAfterAScopeConsentThenConsentRequired() throws Exception {
        ReadyFlows.Browser browser = flows.browser();
        ReadyFlows.Pkce pkce = ReadyFlows.Pkce.create();
        Map<String, String> first = authorize(flows, browser, signerRequest(pkce));
        JWTClaimsSet plain = claimsOf(redeemSigner(first.get("code"), pkce).get("id_token"));
        assertThat(plain.getClaims()).doesNotContainKeys("name", "email");

        Reply silent = browser.get(
                authorizeUrl(signerRequest(ReadyFlows.Pkce.create(), "claims", NAME_AND_EMAIL, "prompt", "none")));
        assertThat(redirected(silent, ReadyFlows.SIGNER_REDIRECT))
                .containsEntry("error", "consent_required")
                .doesNotContainKey("code");
        // a claim outside the client's scopes alone asks nothing more and releases nothing
        ReadyFlows.Pkce again = ReadyFlows.Pkce.create();
        Reply emailOnly = browser.get(
                authorizeUrl(signerRequest(again, "claims", "{\"id_token\":{\"email\":null}}", "prompt", "none")));
        Map<String, Object> tokens =
                redeemSigner(redirected(emailOnly, ReadyFlows.SIGNER_REDIRECT).get("code"), again);
        assertThat(claimsOf(tokens.get("id_token")).getClaims()).doesNotContainKey("email");
    }
}

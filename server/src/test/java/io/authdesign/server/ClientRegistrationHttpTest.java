package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.VERIFIER;
import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.authorizeUrl;
import static io.authdesign.server.PagesHttpTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformationResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationResponseParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamic client registration (RFC 7591, OpenID Connect Dynamic Client Registration 1.0) and management
 * (RFC 7592) at the reference server: a client registered by the Nimbus SDK signs a user in and gets its
 * tokens; its registration access token reads, replaces and deletes it, and nothing else does; refused
 * metadata is a standard error.
 */
class ClientRegistrationHttpTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            registration: {policy: open}
            clients:
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid, profile]
                redirectUris: [https://web.example.com/cb]
            users:
              - username: alice
                password: alice-password
            """;

    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static TestServer test;

    @BeforeAll
    static void start() {
        test = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    static String registrationUrl() {
        return test.baseUrl() + "/oauth2/register";
    }

    static OIDCClientInformation registerWithNimbus(String redirectUri) throws Exception {
        OIDCClientMetadata metadata = new OIDCClientMetadata();
        metadata.setRedirectionURI(URI.create(redirectUri));
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        metadata.setScope(new Scope("openid", "profile"));
        metadata.setIDTokenJWSAlg(JWSAlgorithm.PS256);
        metadata.setName("Registered App");
        ClientRegistrationResponse response = OIDCClientRegistrationResponseParser.parse(
                new OIDCClientRegistrationRequest(URI.create(registrationUrl()), metadata, null)
                        .toHTTPRequest()
                        .send());
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return ((OIDCClientInformationResponse) response).getOIDCClientInformation();
    }

    static HttpResponse<String> send(String method, String url, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static HttpResponse<String> register(String json) {
        return send("POST", registrationUrl(), null, json);
    }

    static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response)).containsEntry("error", error).containsKey("error_description");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void discoveryThenAdvertisesTheRegistrationEndpoint() {
        assertThat(Http.json(Http.get(test.baseUrl() + "/.well-known/openid-configuration")))
                .containsEntry("registration_endpoint", test.issuer() + "/oauth2/register");
    }

    @Test
    void registeredByNimbusThenClientSignsUserInAndGetsPs256IdToken() throws Exception {
        OIDCClientInformation client = registerWithNimbus("https://rp.example.com/cb");
        assertThat(client.getSecret()).isNotNull();
        assertThat(client.getRegistrationAccessToken()).isNotNull();
        assertThat(client.getRegistrationURI().toString())
                .isEqualTo(test.issuer() + "/oauth2/register?client_id="
                        + client.getID().getValue());
        assertThat(client.getOIDCMetadata().getIDTokenJWSAlg()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(client.getOIDCMetadata().getScope()).isEqualTo(new Scope("openid", "profile"));

        String clientId = client.getID().getValue();
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(
                browser,
                authorizeUrl(clientId, "https://rp.example.com/cb", "scope", "openid"),
                "alice",
                "alice-password");
        Map<String, String> code = assertRedirect(
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                "https://rp.example.com/cb");
        HttpResponse<String> token = Http.postForm(
                test.tokenUrl(),
                Http.basic(clientId, client.getSecret().getValue()),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code.get("code"),
                        "redirect_uri",
                        "https://rp.example.com/cb",
                        "code_verifier",
                        VERIFIER));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        SignedJWT idToken = SignedJWT.parse((String) Http.json(token).get("id_token"));
        assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(clientId);
        assertThat(Http.json(token)).containsKey("refresh_token");
    }

    @Test
    void registrationAccessTokenThenReadsReplacesAndDeletesItsClientOnly() throws Exception {
        OIDCClientInformation client = registerWithNimbus("https://one.example.com/cb");
        OIDCClientInformation other = registerWithNimbus("https://two.example.com/cb");
        String uri = client.getRegistrationURI().toString().replace(test.issuer(), test.baseUrl());
        String token = client.getRegistrationAccessToken().getValue();

        HttpResponse<String> read = send("GET", uri, token, null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(Http.json(read))
                .containsEntry("client_id", client.getID().getValue())
                .containsEntry("redirect_uris", List.of("https://one.example.com/cb"))
                .containsEntry("token_endpoint_auth_method", "client_secret_basic")
                .doesNotContainKeys("client_secret", "registration_access_token");

        // another client's token, a wrong token, no token: 401 invalid_token, with a Bearer challenge
        for (String wrong : new String[] {other.getRegistrationAccessToken().getValue(), token + "x", null}) {
            HttpResponse<String> refused = send("GET", uri, wrong, null);
            assertError(refused, 401, "invalid_token");
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }

        HttpResponse<String> replaced = send(
                "PUT",
                uri,
                token,
                Http.write(Map.of(
                        "client_id",
                        client.getID().getValue(),
                        "redirect_uris",
                        List.of("https://one.example.com/new"),
                        "scope",
                        "openid",
                        "client_name",
                        "Renamed")));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(Http.json(replaced))
                .containsEntry("redirect_uris", List.of("https://one.example.com/new"))
                .containsEntry("client_name", "Renamed")
                .containsEntry("scope", "openid")
                .doesNotContainKey("id_token_signed_response_alg");
        // the old redirect URI is no longer the client's: an error page, never a redirect
        HttpResponse<String> oldRedirect = new Browser(test.baseUrl())
                .get(authorizeUrl(client.getID().getValue(), "https://one.example.com/cb", "scope", "openid"));
        assertThat(oldRedirect.statusCode()).isEqualTo(400);
        // the secret did not change
        HttpResponse<String> stillAuthenticates = Http.postForm(
                test.tokenUrl(),
                Http.basic(client.getID().getValue(), client.getSecret().getValue()),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        "nope",
                        "redirect_uri",
                        "https://one.example.com/new"));
        assertError(stillAuthenticates, 400, "invalid_grant");

        // a PUT naming another client is refused, and changes nothing
        HttpResponse<String> foreign = send(
                "PUT",
                uri,
                token,
                Http.write(Map.of(
                        "client_id", other.getID().getValue(), "redirect_uris", List.of("https://x.example.com/cb"))));
        assertError(foreign, 400, "invalid_client_metadata");

        HttpResponse<String> deleted = send("DELETE", uri, token, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertError(send("GET", uri, token, null), 401, "invalid_token");
        HttpResponse<String> gone = Http.postForm(
                test.tokenUrl(),
                Http.basic(client.getID().getValue(), client.getSecret().getValue()),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        "nope",
                        "redirect_uri",
                        "https://one.example.com/new"));
        assertThat(gone.statusCode()).isEqualTo(401);
        assertThat(Http.json(gone)).containsEntry("error", "invalid_client");
        // the other client is untouched
        HttpResponse<String> otherRead = send(
                "GET",
                other.getRegistrationURI().toString().replace(test.issuer(), test.baseUrl()),
                other.getRegistrationAccessToken().getValue(),
                null);
        assertThat(otherRead.statusCode()).isEqualTo(200);
    }

    @Test
    void refusedMetadataThenStandardErrorsAndNoClient() {
        assertError(
                register(Http.write(Map.of("redirect_uris", List.of("https://rp.example.com/cb#frag")))),
                400,
                "invalid_redirect_uri");
        assertError(register(Http.write(Map.of("redirect_uris", List.of("not a uri")))), 400, "invalid_redirect_uri");
        assertError(
                register(Http.write(Map.of(
                        "redirect_uris", List.of("https://rp.example.com/cb"), "response_types", List.of("token")))),
                400,
                "invalid_client_metadata");
        assertError(
                register(Http.write(Map.of(
                        "redirect_uris",
                        List.of("https://rp.example.com/cb"),
                        "token_endpoint_auth_method",
                        "client_secret_jwt"))),
                400,
                "invalid_client_metadata");
        assertError(
                register(Http.write(
                        Map.of("redirect_uris", List.of("https://rp.example.com/cb"), "scope", "openid admin"))),
                400,
                "invalid_client_metadata");
        assertError(
                register(Http.write(Map.of(
                        "redirect_uris",
                        List.of("https://rp.example.com/cb"),
                        "id_token_signed_response_alg",
                        "none"))),
                400,
                "invalid_client_metadata");
        assertError(
                register(Http.write(Map.of("redirect_uris", "https://rp.example.com/cb"))),
                400,
                "invalid_client_metadata");
        assertError(
                register(Http.write(Map.of(
                        "token_endpoint_auth_method",
                        "private_key_jwt",
                        "redirect_uris",
                        List.of("https://rp.example.com/cb")))),
                400,
                "invalid_client_metadata");
        assertError(
                register("{\"redirect_uris\":[\"https://a.example/cb\"],\"redirect_uris\":[\"https://b.example/cb\"]}"),
                400,
                "invalid_client_metadata");
        assertError(register("[1,2]"), 400, "invalid_client_metadata");
        assertError(register("{not json"), 400, "invalid_client_metadata");
        assertError(
                Http.postRaw(
                        registrationUrl(),
                        null,
                        "application/x-www-form-urlencoded",
                        "redirect_uris=https://a.example/cb"),
                400,
                "invalid_client_metadata");
        // authorization_code without redirect URI
        assertError(register("{}"), 400, "invalid_client_metadata");
    }

    @Test
    void backchannelLogoutMetadataThenRegisteredByTheClientSettingsRules() {
        HttpResponse<String> registered = register(Http.write(Map.of(
                "redirect_uris",
                List.of("https://rp.example.com/cb"),
                "backchannel_logout_uri",
                "https://rp.example.com/backchannel",
                "backchannel_logout_session_required",
                true)));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(Http.json(registered))
                .containsEntry("backchannel_logout_uri", "https://rp.example.com/backchannel")
                .containsEntry("backchannel_logout_session_required", true);
        // plain http to another host than loopback, and a fragment, are refused like any server-reached URI
        for (String uri : List.of("http://rp.example.com/backchannel", "https://rp.example.com/bc#f", "/bc")) {
            assertError(
                    register(Http.write(Map.of(
                            "redirect_uris", List.of("https://rp.example.com/cb"), "backchannel_logout_uri", uri))),
                    400,
                    "invalid_client_metadata");
        }
    }

    @Test
    void linksForUsersThenRegisteredAndShownEscapedOnTheSignInPage() {
        HttpResponse<String> response = register(Http.write(Map.of(
                "redirect_uris", List.of("https://rp.example.com/cb"),
                "client_name", "Reports <b>&",
                "client_uri", "https://rp.example.com/",
                "logo_uri", "https://rp.example.com/logo.png?v=1&size=2",
                "policy_uri", "https://rp.example.com/privacy",
                "tos_uri", "https://rp.example.com/terms")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Map<String, Object> body = Http.json(response);
        assertThat(body)
                .containsEntry("client_uri", "https://rp.example.com/")
                .containsEntry("logo_uri", "https://rp.example.com/logo.png?v=1&size=2")
                .containsEntry("policy_uri", "https://rp.example.com/privacy")
                .containsEntry("tos_uri", "https://rp.example.com/terms");

        // OIDC Dynamic Client Registration 1.0 section 2: the logo is shown, and the policy and terms are
        // there to read before the user signs in to the client; every value is HTML-escaped
        HttpResponse<String> page = new Browser(test.baseUrl())
                .get(authorizeUrl((String) body.get("client_id"), "https://rp.example.com/cb"));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "<img src=\"https://rp.example.com/logo.png?v&#61;1&amp;size&#61;2\" alt=\"\" id=\"client-logo\"")
                .contains("<a href=\"https://rp.example.com/\" id=\"client-uri\"")
                .contains("<a href=\"https://rp.example.com/privacy\" id=\"client-policy\"")
                .contains("<a href=\"https://rp.example.com/terms\" id=\"client-tos\"")
                .contains("Reports &lt;b&gt;&amp;")
                .doesNotContain("Reports <b>");

        // a static client without links shows none
        HttpResponse<String> plain = new Browser(test.baseUrl()).get(authorizeUrl("web", "https://web.example.com/cb"));
        assertThat(plain.body())
                .doesNotContain("id=\"client-logo\"", "id=\"client-policy\"", "id=\"client-tos\"", "id=\"client-uri\"");
    }

    @Test
    void linksThatAreNotHttpsUrlsThenInvalidClientMetadata() {
        for (String member : List.of("client_uri", "logo_uri", "policy_uri", "tos_uri")) {
            for (String uri : List.of(
                    "javascript:alert(1)",
                    "data:image/png;base64,iVBORw0KGgo=",
                    "http://rp.example.com/logo.png",
                    "/logo.png",
                    "https://user:pass@rp.example.com/logo.png",
                    "https://rp.example.com/a b")) {
                HttpResponse<String> refused = register(
                        Http.write(Map.of("redirect_uris", List.of("https://rp.example.com/cb"), member, uri)));
                assertError(refused, 400, "invalid_client_metadata");
                assertThat((String) Http.json(refused).get("error_description")).contains(member);
            }
        }
        // http is for development on a loopback host only
        HttpResponse<String> loopback = register(Http.write(Map.of(
                "redirect_uris", List.of("https://rp.example.com/cb"), "logo_uri", "http://127.0.0.1:8080/l.png")));
        assertThat(loopback.statusCode()).as(loopback.body()).isEqualTo(201);
    }

    @Test
    void addressOverItsRegistrationLimitThen429WithRetryAfter() {
        try (TestServer limited = TestServer.start(
                CONFIG.replace("registration: {policy: open}", "registration: {policy: open, perAddress: 2}"))) {
            String url = limited.baseUrl() + "/oauth2/register";
            String metadata = Http.write(Map.of("redirect_uris", List.of("https://rp.example.com/cb")));
            assertThat(send("POST", url, null, metadata).statusCode()).isEqualTo(201);
            assertThat(send("POST", url, null, metadata).statusCode()).isEqualTo(201);

            HttpResponse<String> refused = send("POST", url, null, metadata);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(
                            seconds -> assertThat(Long.parseLong(seconds)).isBetween(3590L, 3600L));
            assertThat(Http.json(refused))
                    .containsEntry("error", "temporarily_unavailable")
                    .doesNotContainKey("client_id");
        }
    }

    @Test
    void requestUrisWithTheHashOfTheirContentAsFragmentThenRegistered() {
        // OIDC Dynamic Client Registration 1.0 section 2: the fragment of a request_uri may hold the
        // base64url SHA-256 of the request object it references (the conformance suite registers such URIs)
        String withHash = "https://rp.example.com/requests/r1#qXuEoEgBon6oUlMopsoMes9Nx7yjr1SshI6y7R6bjj4";
        HttpResponse<String> response = register(Http.write(Map.of(
                "redirect_uris", List.of("https://rp.example.com/cb"),
                "request_uris", List.of(withHash, "https://rp.example.com/requests/r2"))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(Http.json(response))
                .containsEntry("request_uris", List.of(withHash, "https://rp.example.com/requests/r2"));
        // still absolute and https: the server would fetch them
        assertError(
                register(Http.write(Map.of(
                        "redirect_uris", List.of("https://rp.example.com/cb"),
                        "request_uris", List.of("/requests/r1#abc")))),
                400,
                "invalid_client_metadata");
        assertError(
                register(Http.write(Map.of(
                        "redirect_uris", List.of("https://rp.example.com/cb"),
                        "request_uris", List.of("http://rp.example.com/requests/r1")))),
                400,
                "invalid_client_metadata");
    }

    @Test
    void publicClientRegisteredThenNoSecretAndPkceRequired() {
        HttpResponse<String> response = register(Http.write(Map.of(
                "redirect_uris", List.of("http://127.0.0.1:7000/cb"),
                "token_endpoint_auth_method", "none",
                "application_type", "native")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Map<String, Object> body = Http.json(response);
        assertThat(body)
                .containsEntry("token_endpoint_auth_method", "none")
                .containsEntry("grant_types", List.of("authorization_code"))
                .containsEntry("response_types", List.of("code"))
                .doesNotContainKeys("client_secret", "client_secret_expires_at")
                .containsKeys(
                        "client_id", "client_id_issued_at", "registration_access_token", "registration_client_uri");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        // without PKCE the authorization request of a public client is refused (redirected with an error)
        HttpResponse<String> noPkce = new Browser(test.baseUrl())
                .get("/oauth2/authorize?response_type=code&scope=openid&client_id=" + body.get("client_id")
                        + "&redirect_uri=" + PagesHttpTest.encode("http://127.0.0.1:7000/cb"));
        assertThat(noPkce.statusCode()).isEqualTo(302);
        assertThat(noPkce.headers().firstValue("Location").orElseThrow()).contains("error=invalid_request");
    }

    @Test
    void tokenPolicyThenOnlyAnAccessTokenWithTheRegisterScopeRegisters() {
        String config = """
                issuer: http://127.0.0.1:PORT
                port: PORT
                registration: {policy: token}
                clients:
                  - clientId: admin
                    clientSecret: admin-secret
                    authMethods: [client_secret_basic]
                    grantTypes: [client_credentials]
                    scopes: ["authdesign:register", read]
                """;
        try (TestServer server = TestServer.start(config)) {
            String url = server.baseUrl() + "/oauth2/register";
            String body = Http.write(Map.of("redirect_uris", List.of("https://rp.example.com/cb")));
            String register = accessToken(server, "authdesign:register");
            String read = accessToken(server, "read");

            assertError(send("POST", url, null, body), 401, "invalid_token");
            assertError(send("POST", url, read, body), 401, "invalid_token");
            assertError(send("POST", url, "junk", body), 401, "invalid_token");
            HttpResponse<String> registered = send("POST", url, register, body);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            // the register and admin scopes are not for registered clients
            assertThat(Http.json(registered).get("scope").toString()).doesNotContain("authdesign:");
        }
    }

    @Test
    void registrationOffByDefaultThenNotServedNorAdvertised() {
        String config = CONFIG.replace("registration: {policy: open}\n", "");
        try (TestServer server = TestServer.start(config)) {
            assertThat(Http.json(Http.get(server.baseUrl() + "/.well-known/openid-configuration")))
                    .doesNotContainKey("registration_endpoint");
            HttpResponse<String> response = Http.postRaw(
                    server.baseUrl() + "/oauth2/register",
                    null,
                    "application/json",
                    Http.write(Map.of("redirect_uris", List.of("https://rp.example.com/cb"))));
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    private static String accessToken(TestServer server, String scope) {
        HttpResponse<String> response = Http.postForm(
                server.tokenUrl(),
                Http.basic("admin", "admin-secret"),
                Map.of("grant_type", "client_credentials", "scope", scope));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) Http.json(response).get("access_token");
    }
}

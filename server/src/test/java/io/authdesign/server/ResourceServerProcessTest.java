package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.authdesign.examples.OrdersApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example resource server of docs/RESOURCE-SERVER.md ({@link OrdersApi}) in a JVM of its own, started
 * with {@link ProcessBuilder} against a reference server in this one: it knows the authorization server
 * only by its issuer, and a token the Nimbus SDK obtained for it (RFC 8707 {@code resource}: its URL) is
 * accepted there, a token without the route's scope gets 403 {@code insufficient_scope}, a tampered one or
 * one issued for another resource 401 {@code invalid_token}.
 */
class ResourceServerProcessTest {

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 300
            clients:
              - clientId: shop
                clientSecret: shop-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [orders:read, orders:write]
                resources: [API_URL, 'https://other-api.example.com']
            """;

    static TestServer authorizationServer;
    static Process api;
    static String apiUrl;
    static final List<String> apiOutput = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        int port = Http.freePort();
        apiUrl = "http://127.0.0.1:" + port;
        authorizationServer = TestServer.start(CONFIG.replace("API_URL", apiUrl));
        // the API accepts tokens whose aud is its own URL: the resource a client names (RFC 8707)
        api = startApi(authorizationServer.issuer(), port);
    }

    /** Starts {@link OrdersApi} in a new JVM on this test's class path and waits for its ready line. */
    static Process startApi(String issuer, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(
                        java, "-cp", classPath, OrdersApi.class.getName(), issuer, String.valueOf(port))
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); ; line = out.readLine()) {
            assertThat(line).as("the API's output so far: %s", apiOutput).isNotNull();
            apiOutput.add(line);
            if (line.startsWith("Orders API listening on ")) {
                break;
            }
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(apiOutput::add));
        return process;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.destroy();
            if (!api.waitFor(20, TimeUnit.SECONDS)) {
                api.destroyForcibly();
            }
        }
        authorizationServer.close();
    }

    /** The reference server's answer to the Nimbus SDK's client credentials request for the resource. */
    static TokenResponse tokenResponse(String scope, String resource) throws Exception {
        TokenRequest.Builder request = new TokenRequest.Builder(
                        URI.create(authorizationServer.tokenUrl()),
                        new ClientSecretBasic(new ClientID("shop"), new Secret("shop-secret")),
                        new ClientCredentialsGrant())
                .scope(new Scope(scope));
        if (resource != null) {
            request.resources(URI.create(resource));
        }
        return TokenResponse.parse(request.build().toHTTPRequest().send());
    }

    /** A client credentials token for the resource, asked by the Nimbus SDK. */
    static String token(String scope, String resource) throws Exception {
        TokenResponse response = tokenResponse(scope, resource);
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return ((AccessTokenResponse) response)
                .getTokens()
                .getBearerAccessToken()
                .getValue();
    }

    /** A token for this API. */
    static String token(String scope) throws Exception {
        return token(scope, apiUrl);
    }

    @Test
    void nimbusTokenThenAcceptedByTheApiInItsOwnProcess() throws Exception {
        HttpResponse<String> response = Http.bearer(apiUrl + "/orders", token("orders:read"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Http.json(response)).containsEntry("subject", "shop").containsEntry("orders", List.of());
    }

    @Test
    void tokenWithoutTheRouteScopeThen403InsufficientScope() throws Exception {
        HttpResponse<String> response = Http.bearer(apiUrl + "/orders", token("orders:write"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a"
                        + " required scope\", scope=\"orders:read\"");
        assertThat(Http.json(response)).containsEntry("error", "insufficient_scope");
    }

    @Test
    void tokenForAnotherResourceOrForNoneThen401AtThisApi() throws Exception {
        for (String resource : new String[] {"https://other-api.example.com", null}) {
            HttpResponse<String> response = Http.bearer(apiUrl + "/orders", token("orders:read", resource));

            assertThat(response.statusCode())
                    .as("%s: %s", resource, response.body())
                    .isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .containsExactly(
                            "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
        }
    }

    @Test
    void resourceTheClientMayNotUseThenInvalidTargetFromTheReferenceServer() throws Exception {
        TokenResponse response = tokenResponse("orders:read", "https://unregistered.example.com");

        assertThat(response.indicatesSuccess()).isFalse();
        ErrorObject error = response.toErrorResponse().getErrorObject();
        assertThat(error.getHTTPStatusCode()).isEqualTo(400);
        assertThat(error.getCode()).isEqualTo("invalid_target");
        assertThat(error.getDescription()).isEqualTo("The requested resource is not allowed for this client");
    }

    @Test
    void tamperedTokenThen401InvalidToken() throws Exception {
        String token = token("orders:read");
        char last = token.charAt(token.length() - 2);
        String tampered =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        HttpResponse<String> response = Http.bearer(apiUrl + "/orders", tampered);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(
                        "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
    }
}

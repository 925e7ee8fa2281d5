package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
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
 * only by its issuer, and a token the Nimbus SDK obtained is accepted there, a token without the route's
 * scope gets 403 {@code insufficient_scope}, a tampered one 401 {@code invalid_token}.
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
            """;

    static TestServer authorizationServer;
    static Process api;
    static String apiUrl;
    static final List<String> apiOutput = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        authorizationServer = TestServer.start(CONFIG);
        int port = Http.freePort();
        apiUrl = "http://127.0.0.1:" + port;
        // tokens asked without a resource indicator are for the issuer (its default audience)
        api = startApi(authorizationServer.issuer(), port, authorizationServer.issuer());
    }

    /** Starts {@link OrdersApi} in a new JVM on this test's class path and waits for its ready line. */
    static Process startApi(String issuer, int port, String audience) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(
                        java, "-cp", classPath, OrdersApi.class.getName(), issuer, String.valueOf(port), audience)
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

    /** A client credentials token from the reference server, asked by the Nimbus SDK. */
    static String token(String scope) throws Exception {
        TokenResponse response = TokenResponse.parse(new TokenRequest(
                        URI.create(authorizationServer.tokenUrl()),
                        new ClientSecretBasic(new ClientID("shop"), new Secret("shop-secret")),
                        new ClientCredentialsGrant(),
                        new Scope(scope))
                .toHTTPRequest()
                .send());
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return ((AccessTokenResponse) response)
                .getTokens()
                .getBearerAccessToken()
                .getValue();
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

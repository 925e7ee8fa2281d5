package io.authdesign.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token floor does the work it stands for: every token is a fresh ES256 signature over claims of the
 * server's shape, a request without a form or credentials gets none, and its protected route needs a bearer token.
 */
class TokenFloorTest {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newHttpClient();
    private KeyPair key;
    private Javalin app;
    private String base;

    @BeforeEach
    void start() throws Exception {
        key = TokenFloor.newKey(null);
        app = TokenFloor.start(0, key, null);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> token(String form, boolean credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (credentials) {
            request.header("Authorization", "Basic YTpi");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tokenRequestThenFreshEs256SignatureOverTheServersClaims() throws Exception {
        HttpResponse<String> first = token("grant_type=client_credentials&scope=read", true);
        HttpResponse<String> second = token("grant_type=client_credentials&scope=read", true);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(first.headers().firstValue("Pragma")).hasValue("no-cache");
        SignedJWT jwt = SignedJWT.parse(accessToken(first));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) key.getPublic()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getClaims())
                .containsKeys("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope");
        SignedJWT other = SignedJWT.parse(accessToken(second));
        assertThat(other.getJWTClaimsSet().getJWTID())
                .isNotEqualTo(jwt.getJWTClaimsSet().getJWTID());
    }

    @Test
    void withoutCredentialsOrGrantTypeThenBadRequest() throws Exception {
        assertThat(token("grant_type=client_credentials", false).statusCode()).isEqualTo(400);
        assertThat(token("scope=read", true).statusCode()).isEqualTo(400);
    }

    @Test
    void healthThenTheServersAnswer() throws Exception {
        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(health.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void protectedRouteFloorThenAnswerOnlyWithABearerToken() throws Exception {
        HttpResponse<String> with = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/me"))
                        .header("Authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> without = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/me")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body())
                .isEqualTo("{\"sub\":\"bench-client\",\"client_id\":\"bench-client\",\"scope\":\"read\"}");
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    private static String accessToken(HttpResponse<String> response) {
        Matcher matcher = ACCESS_TOKEN.matcher(response.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}

package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.sun.net.httpserver.HttpServer;
import io.authdesign.redis.RedisStoreOptions;
import io.authdesign.store.Race;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two reference-server nodes, A and B, on different ports with one issuer, sharing a PostgreSQL schema and
 * the key-encryption key (and, in {@link ScaleOutRedisTest}, Redis), behave as one server over real HTTP:
 * a code issued by A is redeemed on B once only; a refresh token rotated on A and replayed on B revokes
 * the family on both; a client assertion or DPoP proof used on A is a replay on B; both publish the same
 * JWKS and accept each other's tokens; a device's user code issued by A is entered on B, though the shared
 * storage holds it only as a keyed hash; a logout on B ends a session signed in on A (the client's back-channel
 * receiver gets a logout token naming it), with its refresh
 * tokens, access tokens and pending code; and one code, refresh token or assertion raced from 16 threads
 * across both nodes wins exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutTest {

    static final String REDIRECT_URI = "https://app.example.com/callback";

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            tokenTtl: 300
            clients:
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid, profile]
                redirectUris: [https://app.example.com/callback]
                backchannelLogoutUri: http://127.0.0.1:RP_PORT/logout
              - clientId: svc
                clientSecret: svc-secret
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
              - clientId: key-client
                authMethods: [private_key_jwt]
                grantTypes: [client_credentials]
                scopes: [read]
                jwks: {"keys": [CLIENT_JWK]}
              - clientId: tv
                authMethods: [none]
                grantTypes: [device_code]
                scopes: [openid]
            users:
              - username: alice
                password: alice-password
            """;

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    SharedStorage storage;
    TestServer a;
    TestServer b;
    RsaJsonWebKey clientKey;
    ECKey dpopKey;
    /** The relying party's back-channel logout receiver, on loopback: the logout tokens it was posted. */
    HttpServer receiver;

    final BlockingQueue<String> logoutTokens = new LinkedBlockingQueue<>();

    /** Whether the nodes also share Redis. */
    boolean withRedis() {
        return false;
    }

    @BeforeAll
    void start() throws JoseException, JOSEException, IOException {
        clientKey = RsaJwkGenerator.generateJwk(2048);
        clientKey.setKeyId("key-client-rsa");
        dpopKey = new ECKeyGenerator(Curve.P_256).generate();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/logout", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.startsWith("logout_token=")) {
                logoutTokens.add(URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        storage = SharedStorage.create();
        String config = CONFIG.replace("CLIENT_JWK", clientKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                        .replace("RP_PORT", String.valueOf(receiver.getAddress().getPort()))
                + storage.yaml(withRedis());
        a = TestServer.start(config);
        b = TestServer.start(config.replace("issuer: http://127.0.0.1:PORT", "issuer: " + a.issuer()));
        assertThat(b.issuer()).isEqualTo(a.issuer());
        assertThat(b.baseUrl()).isNotEqualTo(a.baseUrl());
    }

    @AfterAll
    void stop() {
        try {
            b.close();
            a.close();
        } finally {
            storage.close();
            receiver.stop(0);
        }
    }

    // ---- helpers ----

    /** Signs alice in on the node and approves if asked; answers the code from the redirect's Location. */
    static String authorize(TestServer node) {
        Browser browser = new Browser(node.baseUrl());
        HttpResponse<String> consent = PagesHttpTest.signIn(
                browser, PagesHttpTest.authorizeUrl("web", REDIRECT_URI), "alice", "alice-password");
        // alice's consent, once given on either node, is remembered by both
        HttpResponse<String> redirect = consent.statusCode() == 200
                ? browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve")
                : consent;
        Map<String, String> query = PagesHttpTest.assertRedirect(redirect, REDIRECT_URI);
        assertThat(query).containsKey("code").containsEntry("iss", node.issuer());
        return query.get("code");
    }

    static HttpResponse<String> redeem(TestServer node, String code) {
        return Http.postForm(
                node.tokenUrl(),
                Http.basic("web", "web-secret"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        REDIRECT_URI,
                        "code_verifier",
                        PagesHttpTest.VERIFIER));
    }

    static HttpResponse<String> refresh(TestServer node, String refreshToken) {
        return Http.postForm(
                node.tokenUrl(),
                Http.basic("web", "web-secret"),
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** A fresh refresh token of a new family, from a code issued by A and redeemed on B. */
    String newFamily() {
        HttpResponse<String> tokens = redeem(b, authorize(a));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return (String) Http.json(tokens).get("refresh_token");
    }

    static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response)).containsEntry("error", error);
    }

    String assertion() {
        return Jose.sign(
                Jose.assertionClaims("key-client", a.issuer() + "/oauth2/token"),
                clientKey.getPrivateKey(),
                "RS256",
                clientKey.getKeyId(),
                null);
    }

    static HttpResponse<String> withAssertion(TestServer node, String assertion) {
        return Http.postForm(node.tokenUrl(), null, Jose.assertionForm(assertion, "scope", "read"));
    }

    static HttpResponse<String> clientCredentials(TestServer node, String dpopProof) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Http.basic("svc", "svc-secret"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=read"));
        if (dpopProof != null) {
            request.header("DPoP", dpopProof);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Set<String> kids(TestServer node) {
        HttpResponse<String> keys = Http.get(node.baseUrl() + "/oauth2/keys");
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
        try {
            return new JsonWebKeySet(keys.body())
                    .getJsonWebKeys().stream().map(JsonWebKey::getKeyId).collect(Collectors.toSet());
        } catch (JoseException e) {
            throw new AssertionError(keys.body(), e);
        }
    }

    // ---- one server across nodes ----

    @Test
    void logoutOnBThenTheSessionSignedInOnAEndsWithItsGrantsOnBothNodes() throws Exception {
        Browser onA = new Browser(a.baseUrl());
        HttpResponse<String> consent =
                PagesHttpTest.signIn(onA, PagesHttpTest.authorizeUrl("web", REDIRECT_URI), "alice", "alice-password");
        HttpResponse<String> redirect = consent.statusCode() == 200
                ? onA.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve")
                : consent;
        HttpResponse<String> tokens =
                redeem(b, PagesHttpTest.assertRedirect(redirect, REDIRECT_URI).get("code"));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        Map<String, Object> issued = Http.json(tokens);
        String sid = com.nimbusds.jwt.SignedJWT.parse((String) issued.get("id_token"))
                .getJWTClaimsSet()
                .getStringClaim("sid");
        assertThat(sid).isNotBlank();
        String pending = PagesHttpTest.assertRedirect(
                        onA.get(PagesHttpTest.authorizeUrl("web", REDIRECT_URI)), REDIRECT_URI)
                .get("code");

        Browser onB = new Browser(b.baseUrl());
        onB.cookies().putAll(onA.cookies());
        HttpResponse<String> confirm = onB.get("/oauth2/logout");
        assertThat(confirm.body()).contains("Sign out?");
        HttpResponse<String> done =
                onB.post(Browser.action(confirm), "csrf_token", Browser.csrf(confirm), "logout", "yes");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

        // the client has a backchannel_logout_uri: B posts it a logout token naming the session signed in on A
        String logoutToken = logoutTokens.poll(5, TimeUnit.SECONDS);
        assertThat(logoutToken).as("a logout token").isNotNull();
        assertThat(com.nimbusds.jwt.SignedJWT.parse(logoutToken)
                        .getJWTClaimsSet()
                        .getStringClaim("sid"))
                .isEqualTo(sid);
        assertError(refresh(a, (String) issued.get("refresh_token")), 400, "invalid_grant");
        assertError(redeem(a, pending), 400, "invalid_grant");
        assertThat(Http.bearer(a.baseUrl() + ReferenceServer.ME, (String) issued.get("access_token"))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> signedOut = onA.get(PagesHttpTest.authorizeUrl("web", REDIRECT_URI));
        assertThat(signedOut.body()).contains("<h1>Sign in</h1>");
    }

    @Test
    void codeIssuedByARedeemedOnBThenOnceOnlyAndTheSecondPresentationRevokesTheGrant() {
        String code = authorize(a);
        HttpResponse<String> tokens = redeem(b, code);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(Http.json(tokens)).containsKeys("access_token", "id_token", "refresh_token");

        assertError(redeem(a, code), 400, "invalid_grant");
        assertError(redeem(b, code), 400, "invalid_grant");
        // RFC 6749 section 4.1.2: the tokens of the code presented twice are revoked, on every node
        assertError(refresh(a, (String) Http.json(tokens).get("refresh_token")), 400, "invalid_grant");
    }

    @Test
    void refreshTokenRotatedOnAAndReplayedOnBRevokesTheFamilyOnBothNodes() {
        String first = newFamily();
        HttpResponse<String> rotated = refresh(a, first);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String second = (String) Http.json(rotated).get("refresh_token");
        assertThat(second).isNotEqualTo(first);

        assertError(refresh(b, first), 400, "invalid_grant");
        assertError(refresh(a, second), 400, "invalid_grant");
        assertError(refresh(b, second), 400, "invalid_grant");
    }

    @Test
    void refreshTokenRotatesAcrossNodesWhileNoneIsReplayed() {
        String token = newFamily();
        for (TestServer node : List.of(a, b, a, b)) {
            HttpResponse<String> rotated = refresh(node, token);
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            token = (String) Http.json(rotated).get("refresh_token");
        }
    }

    @Test
    void clientAssertionAcceptedByAThenInvalidClientOnB() {
        String assertion = assertion();
        HttpResponse<String> accepted = withAssertion(a, assertion);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertError(withAssertion(b, assertion), 400, "invalid_client");
        assertError(withAssertion(a, assertion), 400, "invalid_client");
    }

    @Test
    void dpopProofUsedOnAThenInvalidDpopProofOnB() throws JOSEException {
        String proof = new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256)
                .createDPoPJWT("POST", URI.create(a.issuer() + "/oauth2/token"))
                .serialize();
        HttpResponse<String> bound = clientCredentials(a, proof);
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
        assertThat(Http.json(bound)).containsEntry("token_type", "DPoP");
        assertError(clientCredentials(b, proof), 400, "invalid_dpop_proof");
    }

    @Test
    void bothNodesPublishTheSameKeysAndATokenOfAIsValidOnB() {
        Set<String> kidsOfA = kids(a);
        assertThat(kidsOfA).isNotEmpty();
        assertThat(kids(b)).isEqualTo(kidsOfA);

        HttpResponse<String> issued = clientCredentials(a, null);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String token = (String) Http.json(issued).get("access_token");
        HttpResponse<String> jwks = Http.get(b.baseUrl() + "/oauth2/keys");
        try {
            Jose.verifyAccessToken(token, new JsonWebKeySet(jwks.body()), "ES256", a.issuer());
        } catch (JoseException e) {
            throw new AssertionError(jwks.body(), e);
        }
        HttpResponse<String> me = Http.bearer(b.baseUrl() + ReferenceServer.ME, token);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(Http.json(me)).containsEntry("client_id", "svc").containsEntry("scope", "read");
    }

    @Test
    void deviceUserCodeIssuedByAEnteredOnBThenThePollOnAGetsTokensAndTheStorageHoldsNoUserCode() throws Exception {
        HttpResponse<String> codes =
                Http.postForm(a.baseUrl() + "/oauth2/devicecode", null, Map.of("client_id", "tv", "scope", "openid"));
        assertThat(codes.statusCode()).as(codes.body()).isEqualTo(200);
        Map<String, Object> device = Http.json(codes);
        String userCode = (String) device.get("user_code");
        String typed = userCode.replace("-", "").toLowerCase(Locale.ROOT);

        Browser browser = new Browser(b.baseUrl());
        HttpResponse<String> page = browser.get("/device");
        HttpResponse<String> signIn = browser.post("/device", "csrf_token", Browser.csrf(page), "user_code", typed);
        PagesHttpTest.assertPage(signIn, 200);
        assertThat(signIn.body()).contains("<h1>Sign in</h1>").contains("<strong>tv</strong>");
        HttpResponse<String> consent = browser.post(
                "/device",
                "csrf_token",
                Browser.csrf(signIn),
                "user_code",
                typed,
                "username",
                "alice",
                "password",
                "alice-password");
        PagesHttpTest.assertPage(consent, 200);
        HttpResponse<String> done =
                browser.post("/device", "csrf_token", Browser.csrf(consent), "user_code", typed, "decision", "approve");
        PagesHttpTest.assertPage(done, 200);
        assertThat(done.body()).contains("Your device is connected");

        HttpResponse<String> tokens = Http.postForm(
                a.tokenUrl(),
                null,
                Map.of(
                        "grant_type",
                        PagesHttpTest.DEVICE_GRANT,
                        "device_code",
                        (String) device.get("device_code"),
                        "client_id",
                        "tv"));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(Http.json(tokens)).containsKey("access_token");

        List<String> stored = withRedis() ? everythingInRedis() : everythingInTheDeviceTable();
        assertThat(stored)
                .isNotEmpty()
                .noneMatch(text -> text.toUpperCase(Locale.ROOT).contains(userCode.replace("-", "")));
        assertThat(stored).noneMatch(text -> text.toUpperCase(Locale.ROOT).contains(userCode));
    }

    /** Every value of every row the nodes wrote to the device table. */
    private List<String> everythingInTheDeviceTable() throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection connection = storage.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM device_authorizations")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    Object value = rows.getObject(column);
                    if (value != null) {
                        texts.add(String.valueOf(value));
                    }
                }
            }
        }
        return texts;
    }

    /** Every key under the nodes' prefix, with its value, hash fields and values, or members. */
    private static List<String> everythingInRedis() {
        List<String> texts = new ArrayList<>();
        RedisClient client = RedisClient.create(SharedStorage.REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(
                        cursor,
                        ScanArgs.Builder.matches(RedisStoreOptions.DEFAULT_KEY_PREFIX + "*")
                                .limit(500));
                for (String key : page.getKeys()) {
                    texts.add(key);
                    switch (redis.type(key)) {
                        case "string" -> texts.add(String.valueOf(redis.get(key)));
                        case "hash" ->
                            redis.hgetall(key).forEach((field, value) -> {
                                texts.add(field);
                                texts.add(value);
                            });
                        case "zset" -> texts.addAll(redis.zrange(key, 0, -1));
                        case "set" -> texts.addAll(redis.smembers(key));
                        default -> {} // gone since the scan, or a type no store writes
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
        return texts;
    }

    // ---- races across nodes ----

    private <T> List<HttpResponse<String>> raceOnBothNodes(
            java.util.function.Function<TestServer, HttpResponse<String>> call) throws Exception {
        AtomicInteger turn = new AtomicInteger();
        return Race.run(() -> call.apply(turn.getAndIncrement() % 2 == 0 ? a : b));
    }

    private static void assertOneWinner(List<HttpResponse<String>> responses, int loserStatus, String loserError) {
        assertThat(responses).hasSize(Race.THREADS);
        List<HttpResponse<String>> winners =
                responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(winners)
                .as("%s", responses.stream().map(HttpResponse::body).toList())
                .hasSize(1);
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() != 200) {
                assertError(response, loserStatus, loserError);
            }
        }
    }

    @Test
    void oneCodeRedeemedFrom16ThreadsOnTwoNodesThenExactlyOneToken() throws Exception {
        String code = authorize(a);
        assertOneWinner(raceOnBothNodes(node -> redeem(node, code)), 400, "invalid_grant");
    }

    @Test
    void oneRefreshTokenFrom16ThreadsOnTwoNodesThenExactlyOneRotation() throws Exception {
        String token = newFamily();
        assertOneWinner(raceOnBothNodes(node -> refresh(node, token)), 400, "invalid_grant");
    }

    @Test
    void oneClientAssertionFrom16ThreadsOnTwoNodesThenExactlyOneToken() throws Exception {
        String assertion = assertion();
        assertOneWinner(raceOnBothNodes(node -> withAssertion(node, assertion)), 400, "invalid_client");
    }
}

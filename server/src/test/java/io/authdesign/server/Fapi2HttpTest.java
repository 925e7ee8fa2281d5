package io.authdesign.server;

import static io.authdesign.server.PagesHttpTest.assertRedirect;
import static io.authdesign.server.PagesHttpTest.challenge;
import static io.authdesign.server.PagesHttpTest.encode;
import static io.authdesign.server.PagesHttpTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FAPI 2.0 Security Profile (final) over HTTP on the reference server: a client configured with {@code
 * profile: fapi2} beside an ordinary one, each rule of the profile broken and refused with its standard
 * error, and a complete flow (PAR with a PS256 {@code private_key_jwt} assertion and a DPoP proof, sign-in,
 * code exchange with DPoP, a PS256 ID token, userinfo with DPoP). Assertions and proofs are made by Nimbus.
 *
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html">FAPI 2.0 Security Profile</a>
 */
class Fapi2HttpTest {

    static final String REDIRECT = "https://fapi.example.com/cb";
    static final String VERIFIER = "fapi-verifier-0123456789-0123456789-0123456789";
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    static final String CONFIG = """
            issuer: http://127.0.0.1:PORT
            port: PORT
            clients:
              - clientId: fapi
                authMethods: [private_key_jwt]
                grantTypes: [authorization_code, refresh_token, device_code]
                scopes: [openid, profile]
                redirectUris: [https://fapi.example.com/cb]
                jwks: {"keys": [RSA_JWK]}
                profile: fapi2
              - clientId: pkj
                authMethods: [private_key_jwt]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://pkj.example.com/cb]
                jwks: {"keys": [RSA_JWK]}
              - clientId: web
                clientSecret: web-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code]
                scopes: [openid]
                redirectUris: [https://web.example.com/cb]
              - clientId: plain
                clientSecret: plain-secret
                authMethods: [client_secret_basic]
                grantTypes: [authorization_code, refresh_token]
                scopes: [openid]
                redirectUris: [https://plain.example.com/cb]
            users:
              - username: alice
                password: alice-password
            """;

    static RSAKey rsaKey;
    static ECKey dpopKey;
    static DefaultDPoPProofFactory proofs;
    /** An RSA DPoP key, whose proofs are PS256 (allowed by the profile) or RS256 (refused by it). */
    static RSAKey rsaDpopKey;

    static DefaultDPoPProofFactory ps256Proofs;
    static DefaultDPoPProofFactory rs256Proofs;
    static final MutableClock CLOCK = new MutableClock();
    static TestServer test;

    @BeforeAll
    static void start() throws Exception {
        rsaKey = new RSAKeyGenerator(2048).keyID("fapi-rsa").generate();
        dpopKey = new ECKeyGenerator(Curve.P_256).generate();
        proofs = new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256);
        rsaDpopKey = new RSAKeyGenerator(2048).generate();
        ps256Proofs = new DefaultDPoPProofFactory(rsaDpopKey, JWSAlgorithm.PS256);
        rs256Proofs = new DefaultDPoPProofFactory(rsaDpopKey, JWSAlgorithm.RS256);
        test = TestServer.start(CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString()), CLOCK);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    // ---- helpers ----

    /** A private_key_jwt assertion (RFC 7523 section 3) of the client, signed with the algorithm. */
    static String assertion(JWSAlgorithm algorithm) throws Exception {
        Date now = Date.from(CLOCK.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("fapi")
                .subject("fapi")
                .audience(test.issuer())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(now)
                .expirationTime(Date.from(CLOCK.instant().plusSeconds(60)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .keyID(rsaKey.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(rsaKey));
        return jwt.serialize();
    }

    /**
     * A PS256 assertion of a client with this {@code aud}, written as given: a one-element list stays an
     * array (Nimbus' claims set would write it as a string).
     */
    static String assertionWithAudience(String clientId, Object audience) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", audience);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", CLOCK.instant().getEpochSecond());
        claims.put("exp", CLOCK.instant().plusSeconds(60).getEpochSecond());
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.PS256)
                        .keyID(rsaKey.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(claims));
        jws.sign(new RSASSASigner(rsaKey));
        return jws.serialize();
    }

    static Map<String, String> withAssertion(JWSAlgorithm algorithm, String... namesAndValues) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion(algorithm));
        return form;
    }

    static HttpResponse<String> post(String path, Map<String, String> form, String dpopProof) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(test.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"))));
        if (dpopProof != null) {
            request.header("DPoP", dpopProof);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String proof(String method, String path) throws Exception {
        return proofs.createDPoPJWT(method, URI.create(test.issuer() + path)).serialize();
    }

    /** The authorization request parameters of the client, PKCE S256 included. */
    static String[] authorizationParameters(String... more) {
        List<String> params = new java.util.ArrayList<>(List.of(
                "response_type", "code",
                "client_id", "fapi",
                "redirect_uri", REDIRECT,
                "scope", "openid profile",
                "state", "fapi-state",
                "nonce", "fapi-nonce",
                "code_challenge", challenge(VERIFIER),
                "code_challenge_method", "S256"));
        params.addAll(List.of(more));
        return params.toArray(String[]::new);
    }

    static HttpResponse<String> push(JWSAlgorithm algorithm, String dpopProof, String... params) throws Exception {
        return post("/oauth2/par", withAssertion(algorithm, params), dpopProof);
    }

    /** Pushes with a PS256 assertion, signs Alice in, approves: the redirect's parameters. */
    static Map<String, String> authorize(String dpopProof) throws Exception {
        HttpResponse<String> pushed = push(JWSAlgorithm.PS256, dpopProof, authorizationParameters());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        String requestUri = (String) Http.json(pushed).get("request_uri");
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(
                browser,
                "/oauth2/authorize?client_id=fapi&request_uri=" + encode(requestUri),
                "alice",
                "alice-password");
        if (consent.statusCode() == 302) {
            return assertRedirect(consent, REDIRECT); // Alice approved the client in an earlier test
        }
        return assertRedirect(
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                REDIRECT);
    }

    static Map<String, String> codeExchange(String code) throws Exception {
        return withAssertion(
                JWSAlgorithm.PS256,
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                REDIRECT,
                "code_verifier",
                VERIFIER);
    }

    static void assertError(HttpResponse<String> response, int status, String error, String description) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response)).containsEntry("error", error).containsEntry("error_description", description);
    }

    // ---- the complete flow ----

    @Test
    void parWithPs256AssertionAndDpopThenCodeDpopTokensPs256IdTokenAndUserinfo() throws Exception {
        Map<String, String> redirect = authorize(proof("POST", "/oauth2/par"));
        // RFC 9207: the authorization response names the issuer
        assertThat(redirect).containsEntry("iss", test.issuer()).containsEntry("state", "fapi-state");

        HttpResponse<String> token =
                post("/oauth2/token", codeExchange(redirect.get("code")), proof("POST", "/oauth2/token"));

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> tokens = Http.json(token);
        assertThat(tokens).containsEntry("token_type", "DPoP");
        SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
        assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("fapi-nonce");
        String accessToken = (String) tokens.get("access_token");
        String userinfoProof = proofs.createDPoPJWT(
                        "GET", URI.create(test.issuer() + "/oauth2/userinfo"), new DPoPAccessToken(accessToken))
                .serialize();
        HttpResponse<String> userinfo = Http.get(
                test.baseUrl() + "/oauth2/userinfo", "Authorization", "DPoP " + accessToken, "DPoP", userinfoProof);
        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(Http.json(userinfo)).containsEntry("sub", "alice");
    }

    // ---- the user refuses (RFC 6749 section 4.1.2.1) ----

    @Test
    void cancelOnTheSignInPageThenAccessDeniedWithStateAndIssuerAndTheRequestUriUsedUp() throws Exception {
        HttpResponse<String> pushed = push(JWSAlgorithm.PS256, null, authorizationParameters());
        String authorize = "/oauth2/authorize?client_id=fapi&request_uri="
                + encode((String) Http.json(pushed).get("request_uri"));
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> page = browser.get(authorize);
        assertThat(page.body()).contains("<h1>Sign in</h1>").contains("name=\"cancel\"");

        HttpResponse<String> cancelled =
                browser.post(Browser.action(page), "csrf_token", Browser.csrf(page), "cancel", "cancel");

        assertThat(assertRedirect(cancelled, REDIRECT))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "fapi-state")
                .containsEntry("iss", test.issuer())
                .doesNotContainKey("code");
        PagesHttpTest.assertNoSessionCookie(cancelled, browser);
        // RFC 9126 section 4: the refusal used the request_uri up, as a code would have
        HttpResponse<String> again = browser.get(authorize);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(400);
        assertThat(again.headers().firstValue("Location")).isEmpty();
        assertThat(again.body()).contains("The request_uri is unknown, expired or already used");
        HttpResponse<String> posted =
                browser.post(Browser.action(page), "csrf_token", Browser.csrf(page), "cancel", "cancel");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(400);
        assertThat(posted.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void denyOnTheConsentPageThenAccessDeniedAndTheRequestUriUsedUp() throws Exception {
        HttpResponse<String> pushed = push(JWSAlgorithm.PS256, null, authorizationParameters("prompt", "consent"));
        String authorize = "/oauth2/authorize?client_id=fapi&request_uri="
                + encode((String) Http.json(pushed).get("request_uri"));
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(browser, authorize, "alice", "alice-password");
        assertThat(consent.body()).contains("Allow access?");

        HttpResponse<String> denied =
                browser.post(Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "deny");

        assertThat(assertRedirect(denied, REDIRECT))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "fapi-state")
                .containsEntry("iss", test.issuer())
                .doesNotContainKey("code");
        assertThat(browser.get(authorize).statusCode()).isEqualTo(400);
    }

    // ---- each rule broken ----

    @Test
    void authorizationRequestNotPushedThenRedirectedWithInvalidRequest() {
        StringBuilder url = new StringBuilder("/oauth2/authorize?");
        String[] params = authorizationParameters();
        for (int i = 0; i < params.length; i += 2) {
            url.append(i == 0 ? "" : "&").append(encode(params[i])).append('=').append(encode(params[i + 1]));
        }

        Map<String, String> redirect = assertRedirect(new Browser(test.baseUrl()).get(url.toString()), REDIRECT);

        assertThat(redirect)
                .containsEntry("error", "invalid_request")
                .containsEntry("state", "fapi-state")
                .containsEntry("iss", test.issuer());
    }

    @Test
    void rs256AssertionAtParThenInvalidClient() throws Exception {
        HttpResponse<String> pushed = push(JWSAlgorithm.RS256, null, authorizationParameters());

        assertError(pushed, 400, "invalid_client", "A FAPI 2.0 client assertion must be signed with PS256 or ES256");
    }

    @Test
    void rs256AssertionAtTokenEndpointThenInvalidClientAndCodeStillRedeemable() throws Exception {
        Map<String, String> redirect = authorize(null);
        Map<String, String> exchange = codeExchange(redirect.get("code"));
        exchange.put("client_assertion", assertion(JWSAlgorithm.RS256));

        HttpResponse<String> refused = post("/oauth2/token", exchange, proof("POST", "/oauth2/token"));

        assertError(refused, 400, "invalid_client", "A FAPI 2.0 client assertion must be signed with PS256 or ES256");
        HttpResponse<String> accepted =
                post("/oauth2/token", codeExchange(redirect.get("code")), proof("POST", "/oauth2/token"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void pushedRequestWithoutPkceThenInvalidRequest() throws Exception {
        HttpResponse<String> pushed = post(
                "/oauth2/par",
                withAssertion(
                        JWSAlgorithm.PS256,
                        "response_type",
                        "code",
                        "client_id",
                        "fapi",
                        "redirect_uri",
                        REDIRECT,
                        "scope",
                        "openid"),
                null);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(400);
        assertThat(Http.json(pushed)).containsEntry("error", "invalid_request");
    }

    @Test
    void tokenRequestWithoutDpopProofThenInvalidDpopProofAndCodeStillRedeemable() throws Exception {
        Map<String, String> redirect = authorize(null);

        HttpResponse<String> refused = post("/oauth2/token", codeExchange(redirect.get("code")), null);

        assertError(refused, 400, "invalid_dpop_proof", "A FAPI 2.0 client must send a DPoP proof");
        HttpResponse<String> accepted =
                post("/oauth2/token", codeExchange(redirect.get("code")), proof("POST", "/oauth2/token"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(Http.json(accepted)).containsEntry("token_type", "DPoP");
    }

    @Test
    void codeOlderThanSixtySecondsThenInvalidGrant() throws Exception {
        Map<String, String> redirect = authorize(null);
        CLOCK.advance(Duration.ofSeconds(61));

        HttpResponse<String> refused =
                post("/oauth2/token", codeExchange(redirect.get("code")), proof("POST", "/oauth2/token"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Http.json(refused)).containsEntry("error", "invalid_grant");
    }

    @Test
    void ordinaryClientBesideThenNotHeldToTheProfile() {
        HttpResponse<String> page = new Browser(test.baseUrl())
                .get(PagesHttpTest.authorizeUrl("web", "https://web.example.com/cb", "scope", "openid"));

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Sign in</h1>");
    }

    // ---- the client assertion's audience: the issuer alone, as a string (per client) ----

    @Test
    void parWithAssertionAudienceAnArrayOrTheParUrlThenInvalidClient() throws Exception {
        for (Object audience : List.of(List.of(test.issuer()), test.issuer() + "/oauth2/par")) {
            Map<String, String> form = withAssertion(JWSAlgorithm.PS256, authorizationParameters());
            form.put("client_assertion", assertionWithAudience("fapi", audience));

            HttpResponse<String> pushed = post("/oauth2/par", form, proof("POST", "/oauth2/par"));

            assertError(
                    pushed,
                    400,
                    "invalid_client",
                    "A FAPI 2.0 client assertion must have the issuer identifier alone, as a string, as its aud");
        }
    }

    @Test
    void deviceAuthorizationWithAssertionAudienceAnArrayOrTheEndpointUrlThenInvalidClient() throws Exception {
        for (Object audience : List.of(List.of(test.issuer()), test.issuer() + "/oauth2/devicecode")) {
            Map<String, String> form = withAssertion(JWSAlgorithm.PS256, "scope", "openid");
            form.put("client_assertion", assertionWithAudience("fapi", audience));

            HttpResponse<String> refused = post("/oauth2/devicecode", form, null);

            assertError(
                    refused,
                    400,
                    "invalid_client",
                    "A FAPI 2.0 client assertion must have the issuer identifier alone, as a string, as its aud");
        }
        Map<String, String> form = withAssertion(JWSAlgorithm.PS256, "scope", "openid");
        form.put("client_assertion", assertionWithAudience("fapi", test.issuer()));

        HttpResponse<String> codes = post("/oauth2/devicecode", form, null);

        assertThat(codes.statusCode()).as(codes.body()).isEqualTo(200);
        assertThat(Http.json(codes)).containsKeys("device_code", "user_code", "verification_uri");
    }

    @Test
    void deviceAuthorizationWithAnRs256AssertionThenInvalidClient() throws Exception {
        HttpResponse<String> refused =
                post("/oauth2/devicecode", withAssertion(JWSAlgorithm.RS256, "scope", "openid"), null);

        assertError(refused, 400, "invalid_client", "A FAPI 2.0 client assertion must be signed with PS256 or ES256");
    }

    @Test
    void tokenRequestWithAssertionAudienceAnArrayOrTheTokenUrlThenInvalidClientAndCodeStillRedeemable()
            throws Exception {
        Map<String, String> redirect = authorize(null);
        for (Object audience : List.of(List.of(test.issuer()), test.issuer() + "/oauth2/token")) {
            Map<String, String> exchange = codeExchange(redirect.get("code"));
            exchange.put("client_assertion", assertionWithAudience("fapi", audience));

            HttpResponse<String> refused = post("/oauth2/token", exchange, proof("POST", "/oauth2/token"));

            assertError(
                    refused,
                    400,
                    "invalid_client",
                    "A FAPI 2.0 client assertion must have the issuer identifier alone, as a string, as its aud");
        }
        Map<String, String> exchange = codeExchange(redirect.get("code"));
        exchange.put("client_assertion", assertionWithAudience("fapi", test.issuer()));
        HttpResponse<String> accepted = post("/oauth2/token", exchange, proof("POST", "/oauth2/token"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void revocationWithAssertionAudienceAnArrayThenInvalidClient() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "some-token");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertionWithAudience("fapi", List.of(test.issuer())));

        HttpResponse<String> refused = post("/oauth2/revoke", form, null);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Http.json(refused)).containsEntry("error", "invalid_client");
        form.put("client_assertion", assertionWithAudience("fapi", test.issuer()));
        HttpResponse<String> accepted = post("/oauth2/revoke", form, null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void clientOutsideTheProfileThenItsAssertionMayNameTheParUrl() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        for (String[] pair : new String[][] {
            {"response_type", "code"},
            {"client_id", "pkj"},
            {"redirect_uri", "https://pkj.example.com/cb"},
            {"scope", "openid"},
            {"code_challenge", challenge(VERIFIER)},
            {"code_challenge_method", "S256"}
        }) {
            form.put(pair[0], pair[1]);
        }
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertionWithAudience("pkj", List.of(test.issuer() + "/oauth2/par")));

        HttpResponse<String> pushed = post("/oauth2/par", form, null);

        assertThat(pushed.statusCode())
                .as("RFC 7523 and RFC 9126 allow it: " + pushed.body())
                .isEqualTo(201);
    }

    // ---- DPoP proof algorithms: PS256, ES256, EdDSA (section 5.4.1) ----

    @Test
    void rs256DpopProofAtParOrTokenEndpointThenInvalidDpopProofAndCodeStillRedeemable() throws Exception {
        String rs256AtPar = rs256Proofs
                .createDPoPJWT("POST", URI.create(test.issuer() + "/oauth2/par"))
                .serialize();
        assertError(
                push(JWSAlgorithm.PS256, rs256AtPar, authorizationParameters()),
                400,
                "invalid_dpop_proof",
                "A FAPI 2.0 client's DPoP proof must be signed with PS256, ES256 or EdDSA");

        Map<String, String> redirect = authorize(null);
        String rs256AtToken = rs256Proofs
                .createDPoPJWT("POST", URI.create(test.issuer() + "/oauth2/token"))
                .serialize();
        HttpResponse<String> refused = post("/oauth2/token", codeExchange(redirect.get("code")), rs256AtToken);

        assertError(
                refused,
                400,
                "invalid_dpop_proof",
                "A FAPI 2.0 client's DPoP proof must be signed with PS256, ES256 or EdDSA");
        String ps256AtToken = ps256Proofs
                .createDPoPJWT("POST", URI.create(test.issuer() + "/oauth2/token"))
                .serialize();
        HttpResponse<String> accepted = post("/oauth2/token", codeExchange(redirect.get("code")), ps256AtToken);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void rs256DpopProofAtUserinfoOrApiThenInvalidDpopProofWithChallengeAndPs256Accepted() throws Exception {
        Map<String, String> redirect = authorize(null);
        String ps256AtToken = ps256Proofs
                .createDPoPJWT("POST", URI.create(test.issuer() + "/oauth2/token"))
                .serialize();
        HttpResponse<String> token = post("/oauth2/token", codeExchange(redirect.get("code")), ps256AtToken);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = (String) Http.json(token).get("access_token");

        for (String path : List.of("/oauth2/userinfo", ReferenceServer.ME)) {
            // the same RSA key the token is bound to, signing RS256: the key matches, the algorithm does not
            String rs256 = rs256Proofs
                    .createDPoPJWT("GET", URI.create(test.issuer() + path), new DPoPAccessToken(accessToken))
                    .serialize();
            HttpResponse<String> refused =
                    Http.get(test.baseUrl() + path, "Authorization", "DPoP " + accessToken, "DPoP", rs256);

            assertThat(refused.statusCode()).as(path + ": " + refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .hasValue("DPoP error=\"invalid_dpop_proof\", error_description=\"The DPoP proof of this access"
                            + " token must be signed with PS256, ES256 or EdDSA\", algs=\"ES256 PS256 EdDSA\"");

            String ps256 = ps256Proofs
                    .createDPoPJWT("GET", URI.create(test.issuer() + path), new DPoPAccessToken(accessToken))
                    .serialize();
            HttpResponse<String> accepted =
                    Http.get(test.baseUrl() + path, "Authorization", "DPoP " + accessToken, "DPoP", ps256);
            assertThat(accepted.statusCode()).as(path + ": " + accepted.body()).isEqualTo(200);
        }
    }

    // ---- refresh tokens: not rotated under the profile (section 5.3.2.1) ----

    /** A complete authorization of the FAPI client: its token response. */
    static Map<String, Object> fapiTokens() throws Exception {
        Map<String, String> redirect = authorize(proof("POST", "/oauth2/par"));
        HttpResponse<String> token =
                post("/oauth2/token", codeExchange(redirect.get("code")), proof("POST", "/oauth2/token"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token);
    }

    static HttpResponse<String> fapiRefresh(String refreshToken) throws Exception {
        return post(
                "/oauth2/token",
                withAssertion(JWSAlgorithm.PS256, "grant_type", "refresh_token", "refresh_token", refreshToken),
                proof("POST", "/oauth2/token"));
    }

    static HttpResponse<String> plainRefresh(String refreshToken) {
        return Http.postForm(
                test.baseUrl() + "/oauth2/token",
                Http.basic("plain", "plain-secret"),
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    @Test
    void fapiClientRefreshesTwiceWithTheSameTokenThenBothSucceedAndTheTokenIsUnchanged() throws Exception {
        Map<String, Object> issued = fapiTokens();
        String refreshToken = (String) issued.get("refresh_token");
        assertThat(refreshToken).isNotBlank();

        HttpResponse<String> first = fapiRefresh(refreshToken);
        HttpResponse<String> second = fapiRefresh(refreshToken);

        for (HttpResponse<String> refreshed : List.of(first, second)) {
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            Map<String, Object> tokens = Http.json(refreshed);
            assertThat(tokens)
                    .containsEntry("refresh_token", refreshToken)
                    .containsEntry("token_type", "DPoP")
                    .containsKeys("access_token", "id_token");
            assertThat(tokens.get("access_token")).isNotEqualTo(issued.get("access_token"));
            assertThat(SignedJWT.parse((String) tokens.get("access_token"))
                            .getJWTClaimsSet()
                            .getJSONObjectClaim("cnf"))
                    .containsEntry("jkt", dpopKey.computeThumbprint().toString());
        }
        assertThat(Http.json(first).get("access_token"))
                .isNotEqualTo(Http.json(second).get("access_token"));
    }

    @Test
    void fapiRefreshTokenRevokedThenRefreshRefused() throws Exception {
        String refreshToken = (String) fapiTokens().get("refresh_token");
        assertThat(fapiRefresh(refreshToken).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked =
                post("/oauth2/revoke", withAssertion(JWSAlgorithm.PS256, "token", refreshToken), null);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertError(fapiRefresh(refreshToken), 400, "invalid_grant", "The refresh token was revoked");
    }

    @Test
    void fapiRefreshTokenPresentedByAnotherClientThenInvalidGrantAndStillUsableByItsClient() throws Exception {
        String refreshToken = (String) fapiTokens().get("refresh_token");

        HttpResponse<String> stolen = plainRefresh(refreshToken);

        assertError(stolen, 400, "invalid_grant", "The refresh token was issued to another client");
        HttpResponse<String> owner = fapiRefresh(refreshToken);
        assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
        assertThat(Http.json(owner)).containsEntry("refresh_token", refreshToken);
    }

    @Test
    void fapiRefreshWithoutClientAuthenticationThenInvalidClientAndStillUsable() throws Exception {
        String refreshToken = (String) fapiTokens().get("refresh_token");

        HttpResponse<String> unauthenticated = post(
                "/oauth2/token",
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", "fapi"),
                proof("POST", "/oauth2/token"));

        // RFC 6749 section 5.2: 400, as no Authorization header was sent; the server allows no method "none"
        assertError(unauthenticated, 400, "invalid_client", "The client authentication method is not supported");
        HttpResponse<String> owner = fapiRefresh(refreshToken);
        assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
        assertThat(Http.json(owner)).containsEntry("refresh_token", refreshToken);
    }

    @Test
    void ordinaryClientRefreshThenRotatedAndReuseRevokesTheFamily() throws Exception {
        Browser browser = new Browser(test.baseUrl());
        HttpResponse<String> consent = signIn(
                browser,
                PagesHttpTest.authorizeUrl("plain", "https://plain.example.com/cb", "scope", "openid"),
                "alice",
                "alice-password");
        Map<String, String> redirect = consent.statusCode() == 302
                ? assertRedirect(consent, "https://plain.example.com/cb")
                : assertRedirect(
                        browser.post(
                                Browser.action(consent), "csrf_token", Browser.csrf(consent), "consent", "approve"),
                        "https://plain.example.com/cb");
        HttpResponse<String> token = Http.postForm(
                test.baseUrl() + "/oauth2/token",
                Http.basic("plain", "plain-secret"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        redirect.get("code"),
                        "redirect_uri",
                        "https://plain.example.com/cb",
                        "code_verifier",
                        PagesHttpTest.VERIFIER));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String first = (String) Http.json(token).get("refresh_token");

        HttpResponse<String> rotated = plainRefresh(first);

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String second = (String) Http.json(rotated).get("refresh_token");
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertError(plainRefresh(first), 400, "invalid_grant", "The refresh token was already used");
        assertError(plainRefresh(second), 400, "invalid_grant", "The refresh token was revoked");
    }

    // ---- configuration ----

    static void assertConfigRefused(String config, String key, String message) {
        assertThatThrownBy(() -> new ConfigLoader(new SecureRandom()).parse("c.yaml", config.replace("PORT", "8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(message);
    }

    @Test
    void fapiClientWithSecretMethodOrPublicThenConfigRefused() throws Exception {
        String base = CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString());

        assertConfigRefused(
                base.replace("authMethods: [private_key_jwt]", "authMethods: [private_key_jwt, client_secret_basic]")
                        .replace("clientId: fapi\n", "clientId: fapi\n    clientSecret: fapi-secret\n"),
                "clients[0]",
                "private_key_jwt only");
        assertConfigRefused(
                base.replace("authMethods: [private_key_jwt]", "authMethods: [none]")
                        .replaceAll("    jwks: .*\n", ""),
                "clients[0]",
                "private_key_jwt only");
    }

    @Test
    void fapiClientWithRs256IdTokensThenConfigRefused() throws Exception {
        String config = CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString())
                .replace("profile: fapi2", "profile: fapi2\n    idTokenSignedResponseAlg: RS256");

        assertConfigRefused(config, "clients[0].idTokenSignedResponseAlg", "PS256 or ES256");
    }

    @Test
    void unknownProfileThenConfigRefused() {
        assertConfigRefused(
                CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString())
                        .replace("profile: fapi2", "profile: fapi1"),
                "clients[0].profile",
                "must be fapi2");
    }

    @Test
    void serverWideProfileWithRs256IdTokensThenConfigRefused() {
        String config = "profile: fapi2\nsigning: {idTokenAlgorithms: [PS256, RS256]}\n"
                + CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString());

        assertConfigRefused(config, "signing.idTokenAlgorithms[1]", "PS256 or ES256");
    }

    @Test
    void serverWideProfileThenEveryClientHeldAndDiscoveryTellsIt() throws Exception {
        String config = "profile: fapi2\n"
                + CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString())
                        .substring(
                                0,
                                CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString())
                                        .indexOf("  - clientId: web"))
                        .replace("    profile: fapi2\n", "")
                + "users:\n  - username: alice\n    password: alice-password\n";
        try (TestServer wide = TestServer.start(config)) {
            Map<String, Object> metadata = Http.json(Http.get(wide.baseUrl() + "/.well-known/openid-configuration"));

            assertThat(metadata)
                    .containsEntry("token_endpoint_auth_methods_supported", List.of("private_key_jwt"))
                    .containsEntry("token_endpoint_auth_signing_alg_values_supported", List.of("ES256", "PS256"))
                    .containsEntry("id_token_signing_alg_values_supported", List.of("PS256", "ES256"))
                    .containsEntry("require_pushed_authorization_requests", true)
                    .containsEntry("code_challenge_methods_supported", List.of("S256"))
                    .containsEntry("dpop_signing_alg_values_supported", List.of("ES256", "PS256", "EdDSA"))
                    .containsEntry("authorization_response_iss_parameter_supported", true);
        }
        String withSecretClient = "profile: fapi2\n"
                + CONFIG.replace("RSA_JWK", rsaKey.toPublicJWK().toJSONString()).replace("    profile: fapi2\n", "");
        assertConfigRefused(withSecretClient, "clients[2]", "private_key_jwt only");
    }
}

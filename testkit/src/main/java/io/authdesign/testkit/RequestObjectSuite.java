package io.authdesign.testkit;

import static io.authdesign.testkit.ReadyFlows.AUTHORIZE;
import static io.authdesign.testkit.ReadyFlows.SIGNER;
import static io.authdesign.testkit.ReadyFlows.SIGNER_KEY;
import static io.authdesign.testkit.ReadyFlows.SIGNER_REDIRECT;
import static io.authdesign.testkit.ReadyFlows.SIGNER_SECRET;
import static io.authdesign.testkit.ReadyFlows.query;
import static io.authdesign.testkit.ReadyFlows.queryOf;
import static io.authdesign.testkit.ReadyFlows.redirected;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed request objects (RFC 9101, OpenID Connect Core section 6.1) at the authorization endpoint and in
 * pushed authorization requests: verified with the client's registered key, their claims superseding the
 * parameters sent beside them; a forged, unsigned, foreign or expired object is {@code invalid_request_object}.
 */
public abstract class RequestObjectSuite {

    private ReadyFlows flows;

    @AfterEach
    void stop() {
        if (flows != null) {
            flows.close();
        }
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(SIGNER)
                .audience(flows.issuer)
                .claim("client_id", SIGNER)
                .claim("response_type", "code")
                .claim("redirect_uri", SIGNER_REDIRECT)
                .claim("scope", "openid profile")
                .claim("state", "st-object")
                .claim("nonce", "n-object")
                .claim("code_challenge", ReadyFlows.Pkce.challengeOf(VERIFIER))
                .claim("code_challenge_method", "S256")
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static final String VERIFIER = "request-object-verifier-0123456789-abcdefghijklmnop";

    private static String sign(JWTClaimsSet claims, ECKey key) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> authorizeWith(String... params) {
        ReadyFlows.Browser browser = flows.browser();
        Reply signIn = browser.get(AUTHORIZE + "?" + query(params));
        assertThat(signIn.status()).as("%s", signIn).isEqualTo(200);
        return redirected(browser.approve(browser.signIn(signIn)), SIGNER_REDIRECT);
    }

    private Reply redeem(String code) {
        return flows.token(SIGNER, SIGNER_SECRET)
                .form(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", SIGNER_REDIRECT,
                        "code_verifier", VERIFIER)
                .send();
    }

    @Test
    void signedObjectByValueThenItsParametersAuthorize() {
        flows = ReadyFlows.withRequestObjects(false);

        Map<String, String> response = authorizeWith(
                "client_id", SIGNER, "response_type", "code", "request", sign(claims().build(), SIGNER_KEY));

        assertThat(response).containsEntry("state", "st-object").containsKey("code");
        Reply tokens = redeem(response.get("code"));
        assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
    }

    @Test
    void objectClaimsSupersedeParametersBesideIt() {
        flows = ReadyFlows.withRequestObjects(false);

        Map<String, String> response = authorizeWith(
                "client_id",
                SIGNER,
                "response_type",
                "code",
                "state",
                "outside",
                "request",
                sign(claims().build(), SIGNER_KEY));

        assertThat(response).containsEntry("state", "st-object");
    }

    @Test
    void objectSignedWithAnotherKeyThenInvalidRequestObjectRedirected() throws JOSEException {
        flows = ReadyFlows.withRequestObjects(false);
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("signer-1").generate();

        Reply reply = flows.browser()
                .get(AUTHORIZE + "?"
                        + query(
                                "client_id",
                                SIGNER,
                                "response_type",
                                "code",
                                "redirect_uri",
                                SIGNER_REDIRECT,
                                "state",
                                "outside",
                                "request",
                                sign(claims().build(), attacker)));

        assertThat(reply.status()).isEqualTo(302);
        assertThat(queryOf(reply.header("Location").orElseThrow()))
                .containsEntry("error", "invalid_request_object")
                .containsEntry(
                        "error_description", "The request object's signature does not verify with the client's keys")
                .containsEntry("state", "outside");
    }

    @Test
    void forgedObjectWithoutTrustedRedirectUriThenErrorPageNeverARedirect() throws JOSEException {
        flows = ReadyFlows.withRequestObjects(false);
        ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
        JWTClaimsSet evil =
                claims().claim("redirect_uri", "https://attacker.example/cb").build();

        Reply reply = flows.browser()
                .get(AUTHORIZE + "?"
                        + query("client_id", SIGNER, "response_type", "code", "request", sign(evil, attacker)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Location")).isEmpty();
        assertThat(reply.body()).contains("invalid_request_object");
    }

    @Test
    void unsignedObjectThenRefused() {
        flows = ReadyFlows.withRequestObjects(false);
        String unsigned = new PlainJWT(new PlainHeader(), claims().build()).serialize();

        Reply reply = flows.browser()
                .get(AUTHORIZE + "?"
                        + query(
                                "client_id", SIGNER,
                                "response_type", "code",
                                "redirect_uri", SIGNER_REDIRECT,
                                "request", unsigned));

        assertThat(queryOf(reply.header("Location").orElseThrow()))
                .containsEntry("error", "invalid_request_object")
                .containsEntry("error_description", "The request object is not a signed JWT");
    }

    @Test
    void objectForAnotherAudienceIssuerOrClientOrExpiredThenRefused() {
        flows = ReadyFlows.withRequestObjects(false);
        Instant past = Instant.now().minusSeconds(3600);
        Map<String, JWTClaimsSet> objects = Map.of(
                "The request object's aud does not name this server",
                claims().audience("https://other.example").build(),
                "The request object's iss is not the client",
                claims().issuer("web").build(),
                "The request object's client_id is not the request's",
                claims().claim("client_id", "web").build(),
                "The request object has expired",
                claims().expirationTime(Date.from(past)).build());

        objects.forEach((description, object) -> {
            Reply reply = flows.browser()
                    .get(AUTHORIZE + "?"
                            + query(
                                    "client_id",
                                    SIGNER,
                                    "response_type",
                                    "code",
                                    "redirect_uri",
                                    SIGNER_REDIRECT,
                                    "request",
                                    sign(object, SIGNER_KEY)));
            assertThat(queryOf(reply.header("Location").orElseThrow()))
                    .as(description)
                    .containsEntry("error", "invalid_request_object")
                    .containsEntry("error_description", description);
        });
    }

    @Test
    void signedObjectPushedThenRequestUriAuthorizes() {
        flows = ReadyFlows.withRequestObjects(true);

        Reply pushed = flows.server
                .post("/oauth2/par")
                .basic(SIGNER, SIGNER_SECRET)
                .form("client_id", SIGNER, "request", sign(claims().build(), SIGNER_KEY))
                .send();

        assertThat(pushed.status()).as("%s", pushed).isEqualTo(201);
        Map<String, String> response = authorizeWith(
                "client_id", SIGNER, "request_uri", (String) pushed.json().get("request_uri"));
        assertThat(response).containsEntry("state", "st-object");
        assertThat(redeem(response.get("code")).status()).isEqualTo(200);
    }

    @Test
    void forgedObjectPushedThenJsonInvalidRequestObject() throws JOSEException {
        flows = ReadyFlows.withRequestObjects(true);
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("signer-1").generate();

        Reply pushed = flows.server
                .post("/oauth2/par")
                .basic(SIGNER, SIGNER_SECRET)
                .form("request", sign(claims().build(), attacker))
                .send();

        assertError(
                pushed,
                400,
                "invalid_request_object",
                "The request object's signature does not verify with the client's keys");
    }

    @Test
    void discoveryThenAdvertisesRequestObjects() {
        flows = ReadyFlows.withRequestObjects(false);

        Map<String, Object> metadata =
                flows.server.get("/.well-known/openid-configuration").send().json();

        assertThat(metadata)
                .containsEntry("request_parameter_supported", true)
                .containsEntry(
                        "request_object_signing_alg_values_supported", List.of("RS256", "PS256", "ES256", "EdDSA"));
    }

    // ---- request objects by reference (RFC 9101 section 5.2, OIDC Core section 6.2) ----

    /** A loopback server of request objects that counts its requests. */
    private static final class ObjectServer implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        volatile byte[] body = new byte[0];
        volatile long delayMillis;

        ObjectServer() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                hits.incrementAndGet();
                try {
                    Thread.sleep(delayMillis);
                    exchange.getResponseHeaders().add("Content-Type", "application/oauth-authz-req+jwt");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException | java.io.IOException e) {
                    // the authorization server gave up
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private void registerRequestUris(String... uris) {
        flows.clients.save(flows.clients.find(SIGNER).orElseThrow().toBuilder()
                .settings(io.authdesign.store.ClientSettings.builder()
                        .requestUris(uris)
                        .build())
                .build());
    }

    @Test
    void registeredRequestUriThenTheObjectItServesAuthorizesAndDiscoverySaysSo() {
        flows = ReadyFlows.withRequestObjects(false);
        try (ObjectServer objects = new ObjectServer()) {
            registerRequestUris(objects.url("/ro/1"));
            objects.body = sign(claims().build(), SIGNER_KEY).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

            Map<String, String> response = authorizeWith(
                    "client_id", SIGNER, "response_type", "code", "request_uri", objects.url("/ro/1#sha256-of-it"));

            assertThat(response).containsEntry("state", "st-object").containsKey("code");
            assertThat(redeem(response.get("code")).status()).isEqualTo(200);
            assertThat(objects.hits.get()).isEqualTo(1);
        }
        Reply metadata = flows.server.get("/.well-known/openid-configuration").send();
        assertThat(metadata.json())
                .containsEntry("request_uri_parameter_supported", true)
                .containsEntry("require_request_uri_registration", true);
    }

    @Test
    void unregisteredRequestUriThenInvalidRequestUriAndNothingIsFetched() {
        flows = ReadyFlows.withRequestObjects(false);
        try (ObjectServer objects = new ObjectServer()) {
            registerRequestUris(objects.url("/ro/1"));
            objects.body = sign(claims().build(), SIGNER_KEY).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (String uri : List.of(
                    objects.url("/ro/2"),
                    objects.url("/ro/1/"),
                    objects.url("/ro/1?x=1"),
                    "http://169.254.169.254/latest/meta-data/")) {
                Reply reply = flows.browser()
                        .get(AUTHORIZE + "?"
                                + query(
                                        "client_id", SIGNER,
                                        "response_type", "code",
                                        "redirect_uri", SIGNER_REDIRECT,
                                        "state", "s1",
                                        "request_uri", uri));
                assertThat(redirected(reply, SIGNER_REDIRECT))
                        .as(uri)
                        .containsEntry("error", "invalid_request_uri")
                        .containsEntry("error_description", "The request_uri is not registered for this client")
                        .containsEntry("state", "s1");
            }
            assertThat(objects.hits.get()).isZero();
        }
    }

    @Test
    void requestUriServingTooMuchNothingSignedOrTooSlowlyThenInvalidRequestUriOrObject() {
        flows = ReadyFlows.withRequestObjects(false);
        try (ObjectServer objects = new ObjectServer()) {
            registerRequestUris(objects.url("/ro/1"));
            String[] params = {
                "client_id",
                SIGNER,
                "response_type",
                "code",
                "redirect_uri",
                SIGNER_REDIRECT,
                "state",
                "s1",
                "request_uri",
                objects.url("/ro/1")
            };

            objects.body = new byte[64 * 1024 + 1];
            assertThat(redirected(flows.browser().get(AUTHORIZE + "?" + query(params)), SIGNER_REDIRECT))
                    .containsEntry("error", "invalid_request_uri")
                    .containsEntry("error_description", "The request_uri could not be fetched");

            objects.body = "not a JWT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(redirected(flows.browser().get(AUTHORIZE + "?" + query(params)), SIGNER_REDIRECT))
                    .containsEntry("error", "invalid_request_object");

            objects.body = sign(claims().build(), SIGNER_KEY).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            objects.delayMillis = 7000;
            long started = System.nanoTime();
            assertThat(redirected(flows.browser().get(AUTHORIZE + "?" + query(params)), SIGNER_REDIRECT))
                    .containsEntry("error", "invalid_request_uri");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(7));
        }
    }

    @Test
    void requestUriWithoutRequestObjectsThenRequestUriNotSupportedAndNothingIsFetched() {
        flows = new ReadyFlows();
        try (ObjectServer objects = new ObjectServer()) {
            Reply reply = flows.browser()
                    .get(AUTHORIZE + "?"
                            + query(
                                    "client_id",
                                    SIGNER,
                                    "response_type",
                                    "code",
                                    "redirect_uri",
                                    SIGNER_REDIRECT,
                                    "state",
                                    "s1",
                                    "request_uri",
                                    objects.url("/ro/1")));
            assertThat(redirected(reply, SIGNER_REDIRECT))
                    .containsEntry("error", "request_uri_not_supported")
                    .containsEntry("state", "s1");
            assertThat(objects.hits.get()).isZero();
        }
    }

    @Test
    void requestAndRequestUriTogetherThenInvalidRequest() {
        flows = ReadyFlows.withRequestObjects(false);
        Reply reply = flows.browser()
                .get(AUTHORIZE + "?"
                        + query(
                                "client_id",
                                SIGNER,
                                "response_type",
                                "code",
                                "redirect_uri",
                                SIGNER_REDIRECT,
                                "state",
                                "s1",
                                "request",
                                sign(claims().build(), SIGNER_KEY),
                                "request_uri",
                                "https://signer.example.com/ro"));
        assertThat(redirected(reply, SIGNER_REDIRECT))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "The request and request_uri parameters cannot be used together")
                .containsEntry("state", "s1");
    }
}

package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2AuthorizationCodeBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OAuth2DeviceAuthorizationBuilder;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.replay.ReplayStore;
import io.authdesign.store.MutableClock;
import io.authdesign.store.Race;
import io.authdesign.token.TokenContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DPoP at the token endpoint (RFC 9449 sections 4 and 5), over real HTTP: proofs from the Nimbus SDK are
 * accepted and bind the access token ({@code cnf.jkt}); every malformed or replayed proof is refused with
 * {@code invalid_dpop_proof}; server nonces ({@code use_dpop_nonce}) rotate and are shared by nodes.
 */
public abstract class DPoPTokenEndpointSuite {

    /** The public URL, distinct from the loopback address the server really listens on. */
    static final String ISSUER = "https://as.example.com";

    static final String HTU = ISSUER + TestServer.TOKEN;

    private static final byte[] NONCE_SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final List<TestServer> servers = new java.util.ArrayList<>();
    private final DPoPProofs client = DPoPProofs.generate();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    /**
     * A client credentials flow and two refreshable flows behind one token endpoint, all with the same
     * token type: the code flow's refresh handler knows {@code rt-code}, the device flow's {@code rt-device}.
     */
    static AuthDesign design(DPoPToken dpop) {
        return MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .setTokenType(dpop)
                        .useAccessTokenJwks(true)
                        .tokenRoute(route -> route.generateToken((ctx, request) -> jwt(ctx))))
                .add(OAuth2AuthorizationCodeBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .setTokenType(dpop)
                        .tokenRoute(route -> route.generateToken((ctx, request) -> jwt(ctx)))
                        .refreshTokenRoute(route -> route.generateToken((ctx, request) ->
                                ctx.refreshToken().equals("rt-code") ? jwt(ctx) : TokenResult.CONTINUE)))
                .add(OAuth2DeviceAuthorizationBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .setTokenType(dpop)
                        .tokenRoute(route -> route.generateToken((ctx, request) -> jwt(ctx)))
                        .refreshTokenRoute(route -> route.generateToken((ctx, request) ->
                                ctx.refreshToken().equals("rt-device") ? jwt(ctx) : TokenResult.CONTINUE)))
                .build();
    }

    private static OAuth2TokenResponse jwt(TokenContext ctx) {
        return new OAuth2TokenResponse(ctx.createJwtAccessToken(Map.of()).token()).setExpiresIn(ctx.ttl());
    }

    private TestServer start(DPoPToken dpop) {
        TestServer server = TestServer.start(design(dpop));
        servers.add(server);
        return server;
    }

    private static TestServer.Call clientCredentials(TestServer server, String... proofs) {
        TestServer.Call call =
                server.post(TestServer.TOKEN).basic("svc", "secret").form("grant_type", "client_credentials");
        for (String proof : proofs) {
            call.header("DPoP", proof);
        }
        return call;
    }

    /** A 200 with token_type DPoP and an access token bound to {@code jkt}. */
    private static void assertBound(Reply reply, String jkt) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json()).containsEntry("token_type", "DPoP");
        assertThat(cnf(reply)).isEqualTo(Map.of("jkt", jkt));
    }

    private static Object cnf(Reply reply) {
        try {
            return SignedJWT.parse((String) reply.json().get("access_token"))
                    .getJWTClaimsSet()
                    .getClaim("cnf");
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** A 400 invalid_dpop_proof whose description names the failed check. */
    private static void assertInvalidProof(Reply reply, String check) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json()).containsEntry("error", "invalid_dpop_proof");
        assertThat((String) reply.json().get("error_description"))
                .as("%s", reply)
                .containsIgnoringCase(check);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.headers("DPoP-Nonce")).isEmpty();
    }

    @Test
    void clientCredentialsWithANimbusProofThenDPoPTokenBoundToTheKeyThumbprint() {
        TestServer server = start(new DPoPToken());

        Reply reply = clientCredentials(server, client.proof("POST", HTU)).send();

        assertBound(reply, client.jkt());
    }

    @Test
    void refreshWithANimbusProofThenBoundTokenFromWhicheverFlowKnowsTheRefreshToken() {
        TestServer server = start(new DPoPToken());

        for (String refreshToken : List.of("rt-code", "rt-device")) {
            Reply reply = server.post(TestServer.TOKEN)
                    .basic("svc", "secret")
                    .header("DPoP", client.proof("POST", HTU))
                    .form("grant_type", "refresh_token", "refresh_token", refreshToken)
                    .send();

            assertBound(reply, client.jkt());
        }
    }

    @Test
    void refreshWithoutProofWhenRequiredThenInvalidDPoPProof() {
        TestServer server = start(new DPoPToken());

        Reply reply = server.post(TestServer.TOKEN)
                .basic("svc", "secret")
                .form("grant_type", "refresh_token", "refresh_token", "rt-code")
                .send();

        assertInvalidProof(reply, "no DPoP proof");
    }

    @Test
    void clientCredentialsWithoutProofWhenRequiredThenInvalidDPoPProof() {
        TestServer server = start(new DPoPToken());

        assertInvalidProof(clientCredentials(server).send(), "no DPoP proof");
    }

    @Test
    void optionalProofsThenBearerWithoutCnfWhenAbsentAndBoundDPoPWhenPresent() {
        TestServer server = start(new DPoPToken().setRequired(false));

        Reply bearer = clientCredentials(server).send();
        assertThat(bearer.status()).as("%s", bearer).isEqualTo(200);
        assertThat(bearer.json()).containsEntry("token_type", "Bearer");
        assertThat(cnf(bearer)).isNull();

        assertBound(clientCredentials(server, client.proof("POST", HTU)).send(), client.jkt());
        // Optional is not lenient: a proof that is sent must be valid.
        assertInvalidProof(clientCredentials(server, client.proof("GET", HTU)).send(), "htm");
    }

    @Test
    void malformedProofsThenInvalidDPoPProof() throws Exception {
        TestServer server = start(new DPoPToken());
        DPoPProofs other = DPoPProofs.generate();
        long now = Instant.now().getEpochSecond();

        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("one DPoP proof", null); // two headers, below
        Map<String, Object> typ = client.header();
        typ.put("typ", "JWT");
        attacks.put("typ", client.sign(typ, DPoPProofs.claims("POST", HTU)));
        Map<String, Object> none = client.header();
        none.put("alg", "none");
        attacks.put("signed JWT|alg none", DPoPProofs.unsigned(none, DPoPProofs.claims("POST", HTU)) + ".");
        Map<String, Object> hmac = client.header();
        hmac.put("alg", "HS256");
        attacks.put(
                "algorithm",
                DPoPProofs.sign(
                        hmac,
                        DPoPProofs.claims("POST", HTU),
                        new MACSigner("an HMAC secret of at least 32 bytes!".getBytes(StandardCharsets.US_ASCII)),
                        JWSAlgorithm.HS256));
        Map<String, Object> withPrivateKey = client.header();
        withPrivateKey.put("jwk", client.key.toJSONObject());
        assertThat(client.key.toJSONObject()).containsKey("d");
        // Nimbus refuses to parse a proof with a private jwk: refused either way.
        attacks.put("public key|signed JWT", client.sign(withPrivateKey, DPoPProofs.claims("POST", HTU)));
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        Map<String, Object> rsaJwk = client.header();
        rsaJwk.put("jwk", rsa.toPublicJWK().toJSONObject());
        attacks.put("public key ", client.sign(rsaJwk, DPoPProofs.claims("POST", HTU)));
        Map<String, Object> anotherKey = client.header();
        anotherKey.put("jwk", other.key.toPublicJWK().toJSONObject());
        attacks.put("signature", client.sign(anotherKey, DPoPProofs.claims("POST", HTU)));
        String valid = client.proof("POST", HTU);
        attacks.put(
                "signature ",
                valid.substring(0, valid.lastIndexOf('.') + 1)
                        + other.proof("POST", HTU).split("\\.")[2]);
        attacks.put("htm", client.proof("GET", HTU));
        attacks.put("htm ", client.proof("post", HTU));
        attacks.put("htu", client.proof("POST", ISSUER + "/oauth2/other"));
        attacks.put("htu ", client.proof("POST", "https://attacker.example.com/oauth2/token"));
        attacks.put("htu  ", client.proof("POST", "http://as.example.com/oauth2/token"));
        attacks.put("htu   ", client.proof("POST", HTU + "/"));
        Map<String, Object> old = DPoPProofs.claims("POST", HTU);
        old.put("iat", now - 310);
        attacks.put("iat", client.sign(client.header(), old));
        Map<String, Object> future = DPoPProofs.claims("POST", HTU);
        future.put("iat", now + 70);
        attacks.put("iat ", client.sign(client.header(), future));
        Map<String, Object> noIat = DPoPProofs.claims("POST", HTU);
        noIat.remove("iat");
        attacks.put("iat  ", client.sign(client.header(), noIat));
        Map<String, Object> noJti = DPoPProofs.claims("POST", HTU);
        noJti.remove("jti");
        attacks.put("jti", client.sign(client.header(), noJti));
        Map<String, Object> noHtu = DPoPProofs.claims("POST", HTU);
        noHtu.remove("htu");
        attacks.put("htu    ", client.sign(client.header(), noHtu));
        attacks.put("signed JWT", "not-a-jwt");

        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            Reply reply = attack.getValue() == null
                    ? clientCredentials(server, client.proof("POST", HTU), client.proof("POST", HTU))
                            .send()
                    : clientCredentials(server, attack.getValue()).send();
            assertThat(reply.status()).as("%s: %s", attack.getKey(), reply).isEqualTo(400);
            assertThat(reply.json()).as(attack.getKey()).containsEntry("error", "invalid_dpop_proof");
            String description = (String) reply.json().get("error_description");
            assertThat(List.of(attack.getKey().strip().split("\\|")))
                    .as("%s: %s", attack.getKey(), description)
                    .anyMatch(word -> description
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains(word.toLowerCase(java.util.Locale.ROOT)));
        }
        // The same client, with a correct proof, is served.
        assertBound(clientCredentials(server, client.proof("POST", HTU)).send(), client.jkt());
    }

    @Test
    void htuWithQueryOrFragmentOrUppercaseHostThenAccepted() {
        TestServer server = start(new DPoPToken());

        // Nimbus will not put a query in htu: hand-built.
        for (String htu : List.of(HTU + "?a=b", HTU + "#frag", HTU + "?a=b#frag")) {
            assertBound(
                    clientCredentials(server, client.sign(client.header(), DPoPProofs.claims("POST", htu)))
                            .send(),
                    client.jkt());
        }
        assertBound(
                clientCredentials(server, client.proof("POST", "https://AS.example.com:443/oauth2/token"))
                        .send(),
                client.jkt());
    }

    @Test
    void algorithmOutsideTheAllowListRefusedUntilAdded() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
        String es384 = new DefaultDPoPProofFactory(p384, JWSAlgorithm.ES384)
                .createDPoPJWT("POST", URI.create(HTU))
                .serialize();
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String rs256 = new DefaultDPoPProofFactory(rsa, JWSAlgorithm.RS256)
                .createDPoPJWT("POST", URI.create(HTU))
                .serialize();

        assertInvalidProof(clientCredentials(start(new DPoPToken()), es384).send(), "algorithm");

        TestServer wider = start(new DPoPToken().addAlgorithm("ES384").addAlgorithm("RS256"));
        assertBound(
                clientCredentials(wider, es384).send(), p384.computeThumbprint().toString());
        assertBound(
                clientCredentials(wider, rs256).send(), rsa.computeThumbprint().toString());
        // An allowed algorithm with the jwk of another key type.
        Map<String, Object> header = client.header();
        header.put("alg", "RS256");
        assertInvalidProof(
                clientCredentials(
                                wider,
                                DPoPProofs.sign(
                                        header,
                                        DPoPProofs.claims("POST", HTU),
                                        new RSASSASigner(rsa),
                                        JWSAlgorithm.RS256))
                        .send(),
                "public key");
        // ES256 signed with a P-384 key (the wrong curve for the algorithm).
        Map<String, Object> wrongCurve = client.header();
        wrongCurve.put("jwk", p384.toPublicJWK().toJSONObject());
        assertThat(clientCredentials(
                                wider,
                                DPoPProofs.sign(
                                        wrongCurve,
                                        DPoPProofs.claims("POST", HTU),
                                        new ECDSASigner(client.key),
                                        JWSAlgorithm.ES256))
                        .send()
                        .status())
                .isEqualTo(400);
    }

    @Test
    void eddsaAndPs256ProofsWhenAllowedThenBound() throws Exception {
        TestServer server = start(new DPoPToken().addAlgorithm("EdDSA").addAlgorithm("PS256"));
        java.security.KeyPair ed25519 =
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = ed25519.getPublic().getEncoded();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put(
                "x",
                com.nimbusds.jose.util.Base64URL.encode(
                                java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length))
                        .toString());
        String jkt = com.nimbusds.jose.jwk.OctetKeyPair.parse(jwk)
                .computeThumbprint()
                .toString();

        assertBound(clientCredentials(server, ed25519Proof(ed25519, jwk)).send(), jkt);
        // The same signature with the jwk claiming another OKP curve.
        for (String curve : List.of("X25519", "Ed448")) {
            Map<String, Object> otherCurve = new LinkedHashMap<>(jwk);
            otherCurve.put("crv", curve);
            Reply reply =
                    clientCredentials(server, ed25519Proof(ed25519, otherCurve)).send();
            assertThat(reply.status()).as("%s: %s", curve, reply).isEqualTo(400);
            assertThat(reply.json()).containsEntry("error", "invalid_dpop_proof");
        }

        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String ps256 = new DefaultDPoPProofFactory(rsa, JWSAlgorithm.PS256)
                .createDPoPJWT("POST", URI.create(HTU))
                .serialize();
        assertBound(
                clientCredentials(server, ps256).send(), rsa.computeThumbprint().toString());
    }

    /** An EdDSA proof signed by the JDK (Nimbus signs Ed25519 only with Tink). */
    private static String ed25519Proof(java.security.KeyPair pair, Map<String, Object> jwk) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", "EdDSA");
        header.put("jwk", jwk);
        String input = DPoPProofs.unsigned(header, DPoPProofs.claims("POST", HTU));
        java.security.Signature signature = java.security.Signature.getInstance("Ed25519");
        signature.initSign(pair.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + com.nimbusds.jose.util.Base64URL.encode(signature.sign());
    }

    @Test
    void validateTokenRequestOverrideReceivesTheExpectedProofAndDecides() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestServer delegating = start(new DPoPToken().validateTokenRequest((request, proof) -> {
            seen.add(proof.htm() + " " + proof.htu() + " " + proof.accessToken().isPresent());
            return proof.defaultCheck(request);
        }));
        assertBound(clientCredentials(delegating, client.proof("POST", HTU)).send(), client.jkt());
        assertThat(seen).containsExactly("POST " + HTU + " false");

        TestServer refusing = start(new DPoPToken()
                .validateTokenRequest((request, proof) -> new io.authdesign.dpop.DPoPResult.Invalid("Not today")));
        assertInvalidProof(
                clientCredentials(refusing, client.proof("POST", HTU)).send(), "Not today");

        TestServer failing = start(new DPoPToken().validateTokenRequest((request, proof) -> {
            throw new IllegalStateException("boom");
        }));
        Reply failed = clientCredentials(failing, client.proof("POST", HTU)).send();
        assertThat(failed.status()).as("%s", failed).isEqualTo(500);
        assertThat(failed.json()).containsEntry("error", "server_error");
    }

    @Test
    void htuOfTheForgedHostOrForwardedHeadersOrTheRealAddressThenRefused() {
        TestServer server = start(new DPoPToken());
        String forgedHtu = "https://evil.example.com" + TestServer.TOKEN;

        String body = TestServer.form("grant_type", "client_credentials");
        Reply forgedHost = server.raw(
                "POST " + TestServer.TOKEN + " HTTP/1.1\n"
                        + "Host: evil.example.com\n"
                        + "Authorization: " + TestServer.basic("svc", "secret") + "\n"
                        + "DPoP: " + client.proof("POST", forgedHtu) + "\n"
                        + "Content-Type: " + TestServer.FORM + "\n"
                        + "Content-Length: " + body.length() + "\n"
                        + "Connection: close\n\n",
                body.getBytes(StandardCharsets.US_ASCII));
        assertInvalidProof(forgedHost, "htu");

        Reply forwarded = clientCredentials(server, client.proof("POST", forgedHtu))
                .header("X-Forwarded-Host", "evil.example.com")
                .header("X-Forwarded-Proto", "https")
                .header("Forwarded", "host=evil.example.com;proto=https")
                .send();
        assertInvalidProof(forwarded, "htu");

        Reply realAddress = clientCredentials(
                        server,
                        client.proof("POST", server.uri(TestServer.TOKEN).toString()))
                .send();
        assertInvalidProof(realAddress, "htu");

        // The issuer's URL is accepted whatever Host the request carries.
        Reply issuerHtu = server.raw(
                "POST " + TestServer.TOKEN + " HTTP/1.1\n"
                        + "Host: evil.example.com\n"
                        + "Authorization: " + TestServer.basic("svc", "secret") + "\n"
                        + "DPoP: " + client.proof("POST", HTU) + "\n"
                        + "Content-Type: " + TestServer.FORM + "\n"
                        + "Content-Length: " + body.length() + "\n"
                        + "Connection: close\n\n",
                body.getBytes(StandardCharsets.US_ASCII));
        assertBound(issuerHtu, client.jkt());
    }

    @Test
    void replayedProofThenRefusedOnTheSameNode() {
        TestServer server = start(new DPoPToken());
        String proof = client.proof("POST", HTU);

        assertBound(clientCredentials(server, proof).send(), client.jkt());
        assertInvalidProof(clientCredentials(server, proof).send(), "already used");
        // Nor at another grant of the same endpoint.
        assertInvalidProof(
                server.post(TestServer.TOKEN)
                        .basic("svc", "secret")
                        .header("DPoP", proof)
                        .form("grant_type", "refresh_token", "refresh_token", "rt-code")
                        .send(),
                "already used");
    }

    @Test
    void replayedProofThenRefusedByAnotherNodeSharingTheReplayStore() {
        ReplayStore shared = new InMemoryReplayStore();
        TestServer node1 = start(new DPoPToken().setReplayDetector(shared));
        TestServer node2 = start(new DPoPToken().setReplayDetector(shared));
        String proof = client.proof("POST", HTU);

        assertBound(clientCredentials(node1, proof).send(), client.jkt());
        assertInvalidProof(clientCredentials(node2, proof).send(), "already used");
        assertBound(clientCredentials(node2, client.proof("POST", HTU)).send(), client.jkt());
    }

    @Test
    void sameProofSentConcurrentlyThenExactlyOneSuccess() throws Exception {
        ReplayStore shared = new InMemoryReplayStore();
        TestServer node1 = start(new DPoPToken().setReplayDetector(shared));
        TestServer node2 = start(new DPoPToken().setReplayDetector(shared));
        String proof = client.proof("POST", HTU);
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

        List<Integer> statuses =
                Race.run(() -> clientCredentials(turn.getAndIncrement() % 2 == 0 ? node1 : node2, proof)
                        .send()
                        .status());

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 400).hasSize(Race.THREADS - 1);
    }

    @Test
    void nonceRequiredThenUseDPoPNonceThenAcceptedWithItThenStaleAfterTwoSteps() {
        MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestServer server = start(new DPoPToken().setClock(clock).requireNonce(NONCE_SECRET, Duration.ofSeconds(10)));

        Reply first = clientCredentials(server, client.proof("POST", HTU)).send();
        String nonce = assertUseNonce(first);

        assertBound(
                clientCredentials(server, client.proof("POST", HTU, null, nonce))
                        .send(),
                client.jkt());

        clock.advance(Duration.ofSeconds(10));
        assertBound(
                clientCredentials(server, client.proof("POST", HTU, null, nonce))
                        .send(),
                client.jkt());

        clock.advance(Duration.ofSeconds(10));
        String next = assertUseNonce(clientCredentials(server, client.proof("POST", HTU, null, nonce))
                .send());
        assertThat(next).isNotEqualTo(nonce);
        assertBound(
                clientCredentials(server, client.proof("POST", HTU, null, next)).send(), client.jkt());
    }

    @Test
    void nonceOfAnotherSecretThenUseDPoPNonce() {
        TestServer server = start(new DPoPToken().requireNonce(NONCE_SECRET, Duration.ofMinutes(1)));
        TestServer stranger = start(new DPoPToken()
                .requireNonce(
                        "another secret, also 32 bytes ..".getBytes(StandardCharsets.US_ASCII), Duration.ofMinutes(1)));
        String foreign = assertUseNonce(
                clientCredentials(stranger, client.proof("POST", HTU)).send());

        assertUseNonce(clientCredentials(server, client.proof("POST", HTU, null, foreign))
                .send());
        assertUseNonce(clientCredentials(server, client.proof("POST", HTU, null, "made-up"))
                .send());
    }

    @Test
    void nodesSharingTheNonceSecretAcceptEachOthersNonces() {
        TestServer node1 = start(new DPoPToken().requireNonce(NONCE_SECRET, Duration.ofMinutes(1)));
        TestServer node2 = start(new DPoPToken().requireNonce(NONCE_SECRET.clone(), Duration.ofMinutes(1)));

        String nonce = assertUseNonce(
                clientCredentials(node1, client.proof("POST", HTU)).send());

        assertBound(
                clientCredentials(node2, client.proof("POST", HTU, null, nonce)).send(), client.jkt());
    }

    @Test
    void nonceRequiredStillChecksTheProofFirst() {
        TestServer server = start(new DPoPToken().requireNonce(NONCE_SECRET, Duration.ofMinutes(1)));

        assertInvalidProof(clientCredentials(server, client.proof("GET", HTU)).send(), "htm");
        assertInvalidProof(clientCredentials(server).send(), "no DPoP proof");
    }

    private static String assertUseNonce(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json()).containsEntry("error", "use_dpop_nonce");
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.headers("DPoP-Nonce")).hasSize(1);
        return reply.header("DPoP-Nonce").orElseThrow();
    }

    @Test
    void discoveryListsTheConfiguredProofAlgorithms() {
        Reply dpop = start(new DPoPToken().addAlgorithm("ES384").addAlgorithm("EdDSA"))
                .get(TestServer.METADATA)
                .send();
        assertThat(dpop.json()).containsEntry("dpop_signing_alg_values_supported", List.of("ES256", "ES384", "EdDSA"));

        TestServer bearer = TestServer.start(OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken((ctx, request) -> jwt(ctx)))
                .build());
        servers.add(bearer);
        assertThat(bearer.get(TestServer.METADATA).send().json())
                .doesNotContainKey("dpop_signing_alg_values_supported");
    }
}

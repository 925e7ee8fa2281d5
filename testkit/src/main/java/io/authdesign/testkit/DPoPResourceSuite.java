package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenType;
import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2AuthorizationCodeBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ValidationResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DPoP at protected routes (RFC 9449 section 7), over real HTTP: the {@code DPoP} scheme with a proof
 * carrying {@code ath}, the token bound to the proof's key, bound tokens refused as Bearer, the
 * {@code WWW-Authenticate: DPoP} challenges, server nonces, and the FAPI 2.0 profile's proof algorithms for
 * the tokens it issued.
 */
public abstract class DPoPResourceSuite {

    static final String ISSUER = DPoPTokenEndpointSuite.ISSUER;
    static final String HTU = DPoPTokenEndpointSuite.HTU;
    static final String ME = "/api/me";
    static final String ME_URL = ISSUER + ME;
    static final String CHALLENGE = "DPoP algs=\"ES256\"";

    private final List<TestServer> servers = new ArrayList<>();
    private final DPoPProofs client = DPoPProofs.generate();
    private final DPoPProofs other = DPoPProofs.generate();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    private static final TestRoute[] ROUTES = {
        TestRoute.protectedRoute(ME, credentials -> credentials.orElseThrow().subject()),
        TestRoute.protectedRoute("/api/admin", credentials -> "admin", "admin")
    };

    /** A client credentials flow of this token type; its handler adds {@code extra} claims. */
    private TestServer start(TokenType tokenType, Map<String, ?> extra) {
        AuthDesign design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod("client_secret_basic")
                .setTokenType(tokenType)
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) ->
                        new OAuth2TokenResponse(ctx.createJwtAccessToken(extra).token()).setExpiresIn(ctx.ttl())))
                .build();
        return start(design);
    }

    private TestServer start(AuthDesign design) {
        TestServer server = TestServer.start(design, ROUTES);
        servers.add(server);
        return server;
    }

    /** A token from the token endpoint, with a proof of {@code key} (and a nonce) when given. */
    private static String token(TestServer server, DPoPProofs key, String nonce) {
        TestServer.Call call =
                server.post(TestServer.TOKEN).basic("svc", "secret").form("grant_type", "client_credentials");
        if (key != null) {
            call.header("DPoP", key.proof("POST", HTU, null, nonce));
        }
        Reply reply = call.send();
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return (String) reply.json().get("access_token");
    }

    private static Reply get(TestServer server, String authorization, String proof) {
        TestServer.Call call = server.get(ME);
        if (authorization != null) {
            call.header("Authorization", authorization);
        }
        if (proof != null) {
            call.header("DPoP", proof);
        }
        return call.send();
    }

    private static void assertChallenge(Reply reply, String error) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.headers("WWW-Authenticate")).hasSize(1);
        String challenge = reply.header("WWW-Authenticate").orElseThrow();
        assertThat(challenge)
                .startsWith("DPoP error=\"" + error + "\", error_description=\"")
                .endsWith(", algs=\"ES256\"");
        assertThat(reply.json()).containsEntry("error", error);
    }

    @Test
    void dpopTokenWithANimbusProofCarryingAthThen200() {
        TestServer server = start(new DPoPToken(), Map.of());
        String token = token(server, client, null);

        Reply reply = get(server, "DPoP " + token, client.proof("GET", ME_URL, token, null));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("svc");
    }

    @Test
    void proofWithoutAthOrWithTheAthOfAnotherTokenThenInvalidDPoPProof() {
        TestServer server = start(new DPoPToken(), Map.of());
        String token = token(server, client, null);
        String another = token(server, client, null);

        assertChallenge(get(server, "DPoP " + token, client.proof("GET", ME_URL)), "invalid_dpop_proof");
        assertChallenge(get(server, "DPoP " + token, client.proof("GET", ME_URL, another, null)), "invalid_dpop_proof");
        java.util.Map<String, Object> claims = DPoPProofs.claims("GET", ME_URL);
        claims.put("ath", DPoPProofs.ath(token) + "A");
        assertChallenge(get(server, "DPoP " + token, client.sign(client.header(), claims)), "invalid_dpop_proof");
        assertThat(get(server, "DPoP " + token, client.proof("GET", ME_URL, token, null))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void proofOfAnotherMethodUrlOrReplayedThenInvalidDPoPProof() {
        TestServer server = start(new DPoPToken(), Map.of());
        String token = token(server, client, null);

        assertChallenge(get(server, "DPoP " + token, client.proof("POST", ME_URL, token, null)), "invalid_dpop_proof");
        assertChallenge(
                get(server, "DPoP " + token, client.proof("GET", ISSUER + "/api/admin", token, null)),
                "invalid_dpop_proof");
        assertChallenge(
                get(server, "DPoP " + token, client.proof("GET", server.uri(ME).toString(), token, null)),
                "invalid_dpop_proof");
        String proof = client.proof("GET", ME_URL, token, null);
        assertThat(get(server, "DPoP " + token, proof).status()).isEqualTo(200);
        assertChallenge(get(server, "DPoP " + token, proof), "invalid_dpop_proof");
    }

    @Test
    void proofWithTheHtuOfAForgedHostThenInvalidDPoPProof() {
        TestServer server = start(new DPoPToken(), Map.of());
        String token = token(server, client, null);

        Reply reply = server.raw(
                "GET " + ME + " HTTP/1.1\nHost: evil.example.com\nAuthorization: DPoP " + token + "\nDPoP: "
                        + client.proof("GET", "https://evil.example.com" + ME, token, null)
                        + "\nX-Forwarded-Host: evil.example.com\nX-Forwarded-Proto: https\nConnection: close\n\n",
                new byte[0]);

        assertChallenge(reply, "invalid_dpop_proof");
    }

    @Test
    void tokenUsedWithAnotherKeysProofThenInvalidToken() {
        TestServer server = start(new DPoPToken(), Map.of());
        String token = token(server, client, null);

        Reply reply = get(server, "DPoP " + token, other.proof("GET", ME_URL, token, null));

        assertChallenge(reply, "invalid_token");
        assertThat(reply.json().get("error_description")).asString().contains("not bound");
    }

    @Test
    void boundTokenSentAsBearerOnADPoPFlowThen401() {
        TestServer server = start(new DPoPToken(), Map.of());
        String token = token(server, client, null);

        Reply plain = get(server, "Bearer " + token, null);
        assertThat(plain.status()).as("%s", plain).isEqualTo(401);
        assertThat(plain.headers("WWW-Authenticate")).containsExactly(CHALLENGE);
        Reply withProof = get(server, "Bearer " + token, client.proof("GET", ME_URL, token, null));
        assertThat(withProof.status()).as("%s", withProof).isEqualTo(401);
    }

    @Test
    void boundTokenSentAsBearerOnAnOptionalDPoPFlowThenInvalidTokenWhileAnUnboundOneIsServed() {
        TestServer server = start(new DPoPToken().setRequired(false), Map.of());
        String bound = token(server, client, null);
        String unbound = token(server, null, null);

        Reply refused = get(server, "Bearer " + bound, null);
        assertChallenge(refused, "invalid_token");
        assertThat(refused.json().get("error_description")).asString().contains("DPoP scheme");
        assertThat(get(server, "Bearer " + unbound, null).status()).isEqualTo(200);
        assertThat(get(server, "DPoP " + bound, client.proof("GET", ME_URL, bound, null))
                        .status())
                .isEqualTo(200);
        // An unbound token cannot be upgraded by a proof.
        assertChallenge(get(server, "DPoP " + unbound, client.proof("GET", ME_URL, unbound, null)), "invalid_token");
    }

    @Test
    void boundTokenSentAsBearerOnABearerFlowThenInvalidToken() {
        TestServer bound = start(new io.authdesign.token.BearerToken(), Map.of("cnf", Map.of("jkt", client.jkt())));
        TestServer unbound = start(new io.authdesign.token.BearerToken(), Map.of());

        Reply refused = get(bound, "Bearer " + token(bound, null, null), null);
        assertThat(refused.status()).as("%s", refused).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).get().asString().startsWith("Bearer error=\"invalid_token\"");
        assertThat(get(unbound, "Bearer " + token(unbound, null, null), null).status())
                .isEqualTo(200);
    }

    @Test
    void tokenOfTheFapi2ProfileThenAnRs256ProofRefusedAndAPs256OneServed() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        DefaultDPoPProofFactory ps256 = new DefaultDPoPProofFactory(rsa, JWSAlgorithm.PS256);
        DefaultDPoPProofFactory rs256 = new DefaultDPoPProofFactory(rsa, JWSAlgorithm.RS256);
        TestServer fapi =
                start(new DPoPToken().addAlgorithm("PS256").addAlgorithm("RS256"), Map.of(DPoPToken.FAPI2_CLAIM, true));
        TestServer plain = start(new DPoPToken().addAlgorithm("PS256").addAlgorithm("RS256"), Map.of());
        Map<TestServer, String> tokens = new LinkedHashMap<>();
        for (TestServer server : List.of(fapi, plain)) {
            Reply issued = server.post(TestServer.TOKEN)
                    .basic("svc", "secret")
                    .form("grant_type", "client_credentials")
                    .header("DPoP", ps256.createDPoPJWT("POST", URI.create(HTU)).serialize())
                    .send();
            assertThat(issued.status()).as("%s", issued).isEqualTo(200);
            tokens.put(server, (String) issued.json().get("access_token"));
        }

        // FAPI 2.0 section 5.4.1: the key the token is bound to, but RS256, for a token of the profile
        String fapiToken = tokens.get(fapi);
        Reply refused = get(
                fapi,
                "DPoP " + fapiToken,
                rs256.createDPoPJWT("GET", URI.create(ME_URL), new DPoPAccessToken(fapiToken))
                        .serialize());

        assertThat(refused.status()).as("%s", refused).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate"))
                .hasValue("DPoP error=\"invalid_dpop_proof\", error_description=\"The DPoP proof of this access token"
                        + " must be signed with PS256, ES256 or EdDSA\", algs=\"ES256 PS256\"");
        assertThat(refused.json()).containsEntry("error", "invalid_dpop_proof");
        Reply served = get(
                fapi,
                "DPoP " + fapiToken,
                ps256.createDPoPJWT("GET", URI.create(ME_URL), new DPoPAccessToken(fapiToken))
                        .serialize());
        assertThat(served.status()).as("%s", served).isEqualTo(200);
        String plainToken = tokens.get(plain);
        Reply outsideTheProfile = get(
                plain,
                "DPoP " + plainToken,
                rs256.createDPoPJWT("GET", URI.create(ME_URL), new DPoPAccessToken(plainToken))
                        .serialize());
        assertThat(outsideTheProfile.status())
                .as("the token type allows RS256: %s", outsideTheProfile)
                .isEqualTo(200);
    }

    @Test
    void noAuthorizationThenDPoPChallengeWithAlgs() {
        TestServer server = start(new DPoPToken().addAlgorithm("PS256"), Map.of());

        Reply reply = get(server, null, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers("WWW-Authenticate")).containsExactly("DPoP algs=\"ES256 PS256\"");
    }

    @Test
    void missingScopeThen403WithDPoPChallenge() {
        TestServer server = start(new DPoPToken(), Map.of());
        String token = token(server, client, null);

        Reply reply = server.get("/api/admin")
                .header("Authorization", "DPoP " + token)
                .header("DPoP", client.proof("GET", ISSUER + "/api/admin", token, null))
                .send();

        assertThat(reply.status()).as("%s", reply).isEqualTo(403);
        assertThat(reply.header("WWW-Authenticate")).get().asString().startsWith("DPoP error=\"insufficient_scope\"");
    }

    @Test
    void nonceRequiredAtResourcesThenUseDPoPNonceThenServedWithIt() {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        TestServer server = start(new DPoPToken().requireNonce(secret, Duration.ofMinutes(1)), Map.of());
        Reply first = server.post(TestServer.TOKEN)
                .basic("svc", "secret")
                .header("DPoP", client.proof("POST", HTU))
                .form("grant_type", "client_credentials")
                .send();
        String nonce = first.header("DPoP-Nonce").orElseThrow();
        String token = token(server, client, nonce);

        Reply noNonce = get(server, "DPoP " + token, client.proof("GET", ME_URL, token, null));
        assertChallenge(noNonce, "use_dpop_nonce");
        assertThat(noNonce.headers("DPoP-Nonce")).containsExactly(nonce);
        Reply staleNonce = get(server, "DPoP " + token, client.proof("GET", ME_URL, token, "stale"));
        assertChallenge(staleNonce, "use_dpop_nonce");

        assertThat(get(server, "DPoP " + token, client.proof("GET", ME_URL, token, nonce))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void multipleFlowsSharingTheDPoPTokenTypeThenTheProofIsCheckedOnceForAllFlows() {
        DPoPToken dpop = new DPoPToken();
        String token = "opaque-token-of-the-second-flow";
        AuthDesign design = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create()
                        .setTokenType(dpop)
                        .validate((request, ctx) -> ValidationResult.unauthenticated("Unknown to the first flow")))
                .add(OAuth2AuthorizationCodeBuilder.create()
                        .setTokenType(dpop)
                        .validate((request, ctx) -> ctx.token().equals(token)
                                        && ctx.dpopJkt().equals(java.util.Optional.of(client.jkt()))
                                ? ValidationResult.authenticated(new Credentials("bob", "app", Set.of(), Map.of()))
                                : ValidationResult.unauthenticated("Not bound")))
                .build();
        TestServer server = start(design);

        Reply reply = get(server, "DPoP " + token, client.proof("GET", ME_URL, token, null));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("bob");
        assertThat(get(server, "DPoP " + token, other.proof("GET", ME_URL, token, null))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void multipleFlowsEachWithItsOwnDPoPTokenTypeThenAReplayedProofIsRefusedByEveryFlow() {
        AuthDesign design = MultipleFlowsBuilder.create()
                .setIssuer(ISSUER)
                .add(OAuth2ClientCredentialsBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .setTokenType(new DPoPToken())
                        .useAccessTokenJwks(true)
                        .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                                ctx.createJwtAccessToken(Map.of()).token()))))
                .add(OAuth2AuthorizationCodeBuilder.create()
                        .setTokenType(new DPoPToken())
                        .useAccessTokenJwks(true))
                .build();
        TestServer server = start(design);
        String token = token(server, client, null);
        String proof = client.proof("GET", ME_URL, token, null);

        assertThat(get(server, "DPoP " + token, proof).status()).isEqualTo(200);

        assertChallenge(get(server, "DPoP " + token, proof), "invalid_dpop_proof");
    }

    @Test
    void validateOverrideCannotBindATokenToAnotherKey() {
        DPoPToken dpop = new DPoPToken();
        TestServer server = start(dpop, Map.of());
        String token = token(server, client, null);
        // An override that accepts any proof as the other key's: the token's cnf still decides.
        dpop.validate((request, proof) -> new io.authdesign.dpop.DPoPResult.Valid(other.jkt()));

        assertChallenge(get(server, "DPoP " + token, client.proof("GET", ME_URL, token, null)), "invalid_token");
    }

    static String param(String challenge, String name) {
        Matcher matcher = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
        return matcher.find() ? matcher.group(1) : null;
    }
}

package io.authdesign.testkit;

import static io.authdesign.testkit.TestServer.TOKEN;
import static io.authdesign.testkit.TokenAssertions.assertBearer;
import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.DeviceCodeTokenContext;
import io.authdesign.token.RefreshTokenContext;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A refresh request to a {@code MultipleFlows} whose flows share one {@code private_key_jwt} method (and so
 * one replay store, as scale-out setups have): the client assertion is verified once, before any flow's
 * refresh handler is asked, so a refresh token that belongs to the second flow is refreshed, and the
 * assertion stays single-use (RFC 7523 section 3, RFC 6749 section 6).
 */
public abstract class MultipleFlowsSharedAssertionSuite {

    private static final String CLIENT = "svc";
    private static final RecordingHandler<AuthorizationCodeTokenContext> CODE = new RecordingHandler<>("code");
    private static final RecordingHandler<DeviceCodeTokenContext> DEVICE = new RecordingHandler<>("device");
    private static final RecordingHandler<RefreshTokenContext> CODE_REFRESH = new RecordingHandler<>("code-rt");
    private static final RecordingHandler<RefreshTokenContext> DEVICE_REFRESH = new RecordingHandler<>("device-rt");
    private static final AtomicInteger KEY_LOOKUPS = new AtomicInteger();

    private static RSAKey clientKey;
    private static TestServer server;

    @BeforeAll
    static void start() throws JOSEException {
        clientKey = new RSAKeyGenerator(2048).keyID("svc-1").generate();
        PrivateKeyJwt shared = new PrivateKeyJwt().getPublicKeyForClient((clientId, claims, assertion) -> {
            KEY_LOOKUPS.incrementAndGet();
            return clientId.equals(CLIENT)
                    ? PublicKeys.parse(clientKey.toPublicJWK().toJSONString())
                    : null;
        });
        server = TestServer.start(MultipleFlowsBuilder.create()
                .setIssuer(Designs.ISSUER)
                .add(Designs.authorizationCode(CODE)
                        .addClientAuthenticationMethod(shared)
                        .refreshTokenRoute(route -> route.generateToken(CODE_REFRESH)))
                .add(Designs.device(DEVICE)
                        .addClientAuthenticationMethod(shared)
                        .refreshTokenRoute(route -> route.generateToken(DEVICE_REFRESH)))
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        CODE_REFRESH.reset();
        DEVICE_REFRESH.reset();
        KEY_LOOKUPS.set(0);
        // the first flow does not know the token: it belongs to the device flow
        CODE_REFRESH.answer((context, request) -> TokenResult.CONTINUE);
    }

    private static String assertion() throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("svc-1").build(),
                new JWTClaimsSet.Builder()
                        .issuer(CLIENT)
                        .subject(CLIENT)
                        .audience(Designs.ISSUER + TOKEN)
                        .jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60)))
                        .build());
        jwt.sign(new RSASSASigner(clientKey));
        return jwt.serialize();
    }

    private static Reply refresh(String assertion) {
        return server.post(TOKEN)
                .form(
                        "grant_type", "refresh_token",
                        "refresh_token", "rt-of-the-device-flow",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", assertion)
                .send();
    }

    @Test
    void refreshOfSecondFlowWithSharedPrivateKeyJwtThenSecondFlowAnswersAndAssertionVerifiedOnce()
            throws JOSEException {
        Reply reply = refresh(assertion());

        assertBearer(reply, "device-rt");
        assertThat(CODE_REFRESH.calls()).isEqualTo(1);
        RefreshTokenContext context = DEVICE_REFRESH.onlyContext();
        assertThat(context.clientId()).isEqualTo(CLIENT);
        assertThat(context.clientAuthMethod()).isEqualTo(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        assertThat(context.refreshToken()).isEqualTo("rt-of-the-device-flow");
        assertThat(KEY_LOOKUPS.get()).isEqualTo(1);
    }

    @Test
    void refreshWhenSharedAssertionReplayedThenInvalidClientAndNoHandlerAsked() throws JOSEException {
        String assertion = assertion();
        assertBearer(refresh(assertion), "device-rt");
        CODE_REFRESH.reset();
        DEVICE_REFRESH.reset();

        Reply replayed = refresh(assertion);

        assertError(replayed, 400, "invalid_client", "Client authentication failed");
        assertThat(CODE_REFRESH.calls() + DEVICE_REFRESH.calls()).isZero();
    }
}

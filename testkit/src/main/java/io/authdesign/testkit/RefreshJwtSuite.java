package io.authdesign.testkit;

import static io.authdesign.testkit.TokenAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.flow.OAuth2AuthorizationCode;
import io.authdesign.flow.OAuth2AuthorizationCodeBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code refreshTokenRoute} document's stateless pattern over HTTP (a handler that mints its refresh
 * tokens as JWTs and checks them with {@code verifyJwt}): refresh JWTs have their own type, so a refresh
 * token is never accepted as a bearer access token at a protected route, nor an access token as a refresh
 * token (RFC 8725 section 3.11).
 */
public abstract class RefreshJwtSuite {

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The seed's flow with the safe pattern: createJwtRefreshToken at the token route, verifyJwt at refresh. */
    private void startSafe() {
        // snippet:refresh-jwt:begin
        OAuth2AuthorizationCode design = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer("http://127.0.0.1")
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse(
                                ctx.createJwtAccessToken(Map.of("sub", "user-1"))
                                        .token())
                        .setExpiresIn(ctx.ttl())
                        .setRefreshToken(ctx.createJwtRefreshToken(Map.of("sub", "user-1"), Duration.ofHours(8))
                                .token())))
                .refreshTokenRoute(route -> route.generateToken((ctx, request) -> {
                    Optional<Map<String, Object>> claims = ctx.verifyJwt(ctx.refreshToken());
                    if (claims.isEmpty() || !ctx.clientId().equals(claims.get().get("client_id"))) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Invalid or expired refresh token");
                    }
                    Map<String, Object> user = Map.of("sub", claims.get().get("sub"));
                    return new OAuth2TokenResponse(
                                    ctx.createJwtAccessToken(user).token())
                            .setExpiresIn(ctx.ttl())
                            .setRefreshToken(ctx.createJwtRefreshToken(user).token());
                }))
                .build();
        // snippet:refresh-jwt:end
        server = TestServer.start(
                design,
                TestRoute.protectedRoute(
                        "/api/me", credentials -> credentials.orElseThrow().subject()));
    }

    private Reply codeGrant() {
        return server.post(TestServer.TOKEN)
                .form("grant_type", "authorization_code", "code", "c", "client_id", "app")
                .send();
    }

    private Reply refresh(String refreshToken) {
        return server.post(TestServer.TOKEN)
                .form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", "app")
                .send();
    }

    private Reply me(String token) {
        return server.get("/api/me").header("Authorization", "Bearer " + token).send();
    }

    @Test
    void refreshJwtPresentedAsBearerAccessTokenThenRefusedWithInvalidToken() throws Exception {
        startSafe();
        Reply tokens = codeGrant();
        assertThat(tokens.status()).as("%s", tokens).isEqualTo(200);
        String accessToken = (String) tokens.json().get("access_token");
        String refreshToken = (String) tokens.json().get("refresh_token");
        assertThat(SignedJWT.parse(refreshToken).getHeader().getType().getType())
                .isEqualTo("rt+jwt");
        assertThat(SignedJWT.parse(refreshToken).getJWTClaimsSet().getAudience())
                .containsExactly("http://127.0.0.1");

        assertThat(me(accessToken).body()).isEqualTo("user-1");
        Reply attack = me(refreshToken);
        assertThat(attack.status()).isEqualTo(401);
        assertThat(attack.header("WWW-Authenticate"))
                .contains(
                        "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
    }

    @Test
    void refreshJwtVerifiedByVerifyJwtInTheRefreshRouteThenNewTokens() throws Exception {
        startSafe();
        Reply refreshed = refresh((String) codeGrant().json().get("refresh_token"));
        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        assertThat(me((String) refreshed.json().get("access_token")).body()).isEqualTo("user-1");
        String next = (String) refreshed.json().get("refresh_token");
        assertThat(SignedJWT.parse(next).getHeader().getType().getType()).isEqualTo("rt+jwt");
        long lifetime =
                SignedJWT.parse(next).getJWTClaimsSet().getExpirationTime().getTime() / 1000
                        - SignedJWT.parse(next).getJWTClaimsSet().getIssueTime().getTime() / 1000;
        assertThat(lifetime).isEqualTo(3600); // the flow's token TTL when the handler gives no lifetime
    }

    @Test
    void accessTokenPresentedAsRefreshTokenThenInvalidGrant() {
        startSafe();
        String accessToken = (String) codeGrant().json().get("access_token");
        assertError(refresh(accessToken), 400, "invalid_grant", "Invalid or expired refresh token");
    }

    @Test
    void handlerReturningAnAccessTokenAsRefreshTokenThenServerErrorAndNoTokenIssued() {
        // The original document's pattern: a refresh token minted with createJwtAccessToken is a bearer token.
        OAuth2AuthorizationCode design = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer("http://127.0.0.1")
                .addClientAuthenticationMethod(new NoneAuthMethod())
                .useAccessTokenJwks(true)
                .tokenRoute(route -> route.generateToken(
                        (ctx, request) -> new OAuth2TokenResponse(ctx.createJwtAccessToken(Map.of("sub", "user-1"))
                                        .token())
                                .setRefreshToken(ctx.createJwtAccessToken(Map.of("sub", "user-1"))
                                        .token())))
                .build();
        server = TestServer.start(
                design,
                TestRoute.protectedRoute(
                        "/api/me", credentials -> credentials.orElseThrow().subject()));

        Reply reply = codeGrant();
        assertError(reply, 500, "server_error", "The server could not process the request");
        assertThat(reply.body()).doesNotContain("access_token", "refresh_token");
    }
}

package io.authdesign.guides;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.authorize.AuthorizationRequest;
import io.authdesign.authorize.AuthorizationResult;
import io.authdesign.authorize.ClientCheck;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.flow.OIDCAuthorizationCode;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.ready.UserAccounts;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An OpenID Connect authorization code flow whose every route is answered by the application's own code. */
public final class OwnHandlers {

    static final String CLIENT_ID = "spa";
    static final String CALLBACK = "http://127.0.0.1:8080/callback";

    /** What an authorization code stands for, until its one redemption. */
    record IssuedCode(
            String clientId,
            String redirectUri,
            String codeChallenge,
            String subject,
            String scope,
            Optional<String> nonce,
            Instant expiresAt) {}

    public static Javalin start(String issuer, int port, UserAccounts users) {
        Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
        SecureRandom random = new SecureRandom();

        OIDCAuthorizationCode design = OIDCAuthorizationCodeBuilder.create()
                .setIssuer(issuer)
                .setTokenTTL(600) // access tokens live 10 minutes: ctx.ttl() in the handlers
                .addClientAuthenticationMethod(new NoneAuthMethod()) // a public client, with PKCE
                .useAccessTokenJwks(true) // userinfo and protected routes accept this flow's JWTs
                .setScopes(Map.of("profile", "Your name"))
                // GET and POST /oauth2/authorize: the library has parsed and checked the request
                .authorizationRoute(route -> route.validateClient((clientId, redirectUri) -> clientId.equals(CLIENT_ID)
                                        && redirectUri.orElse(CALLBACK).equals(CALLBACK)
                                ? ClientCheck.valid(CALLBACK, true) // PKCE required
                                : ClientCheck.invalid("Unknown client or redirect URI"))
                        .generateCode((ctx, request) -> {
                            if (!ctx.isPost()) {
                                return null; // the sign-in page
                            }
                            Optional<String> subject = users.authenticate(
                                    ctx.username().orElse(""), ctx.password().orElse(""));
                            if (subject.isEmpty()) {
                                return null; // the sign-in page again, 401, with an error
                            }
                            AuthorizationRequest authorization = ctx.request();
                            String code = randomValue(random);
                            codes.put(
                                    code,
                                    new IssuedCode(
                                            authorization.clientId(),
                                            authorization.redirectUri(),
                                            authorization.codeChallenge().orElseThrow(), // PKCE required
                                            subject.get(),
                                            String.join(" ", authorization.scope()),
                                            authorization.nonce(),
                                            Instant.now().plusSeconds(60)));
                            return AuthorizationResult.code(code); // redirected with state and iss
                        }))
                // POST /oauth2/token, grant_type=authorization_code
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    IssuedCode issued = codes.remove(ctx.code()); // single use
                    if (issued == null
                            || issued.expiresAt().isBefore(Instant.now())
                            || !issued.clientId().equals(ctx.clientId())
                            || !ctx.redirectUri().orElse("").equals(issued.redirectUri())
                            || !ctx.codeVerifier()
                                    .map(verifier -> ctx.verifyCodeVerifier(verifier, issued.codeChallenge()))
                                    .orElse(false)) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Invalid authorization code");
                    }
                    Map<String, Object> user = Map.of("sub", issued.subject(), "scope", issued.scope());
                    String accessToken = ctx.createJwtAccessToken(user).token();
                    Map<String, Object> idClaims = issued.nonce()
                            .<Map<String, Object>>map(nonce -> Map.of("sub", issued.subject(), "nonce", nonce))
                            .orElse(Map.of("sub", issued.subject()));
                    return new OAuth2TokenResponse(accessToken)
                            .setExpiresIn(ctx.ttl())
                            .setScope(issued.scope())
                            .setRefreshToken(ctx.createJwtRefreshToken(user, Duration.ofHours(8))
                                    .token())
                            .setIdToken(ctx.createIdToken(idClaims, accessToken).token());
                }))
                // POST /oauth2/token, grant_type=refresh_token: the seed's refreshTokenRoute contract
                .refreshTokenRoute(route -> route.setPath("/oauth2/token").generateToken((ctx, request) -> {
                    // ctx: grantType(), clientId(), ttl(), tokenType(), refreshToken(), clientSecret(),
                    // createJwtAccessToken, createIdToken, verifyJwt (here: refresh JWTs only)
                    Optional<Map<String, Object>> claims = ctx.verifyJwt(ctx.refreshToken());
                    if (claims.isEmpty()) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Invalid or expired refresh token");
                    }
                    if (!ctx.clientId().equals(claims.get().get("client_id"))) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Invalid or expired refresh token");
                    }
                    Map<String, Object> user = Map.of(
                            "sub",
                            claims.get().get("sub"),
                            "scope",
                            claims.get().get("scope"));
                    String accessToken = ctx.createJwtAccessToken(user).token();
                    return new OAuth2TokenResponse(accessToken)
                            .setExpiresIn(ctx.ttl())
                            .setTokenType(ctx.tokenType())
                            .setScope((String) user.get("scope"))
                            .setRefreshToken(ctx.createJwtRefreshToken(user, Duration.ofHours(8))
                                    .token())
                            .setIdToken(ctx.createIdToken(Map.of("sub", user.get("sub")), accessToken)
                                    .token());
                }))
                // GET and POST /oauth2/userinfo: the access token is verified, carries openid
                .userinfoRoute(
                        route -> route.generateClaims((credentials, request) -> users.claims(credentials.subject())))
                .build();

        return Javalin.create(config -> config.registerPlugin(new AuthDesignPlugin(design)))
                .start("127.0.0.1", port);
    }

    private static String randomValue(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private OwnHandlers() {}
}

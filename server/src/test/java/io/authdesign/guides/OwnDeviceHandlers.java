package io.authdesign.guides;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.device.DeviceCodeResponse;
import io.authdesign.flow.OAuth2DeviceAuthorization;
import io.authdesign.flow.OAuth2DeviceAuthorizationBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.javalin.Javalin;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device authorization flow (RFC 8628) answered by the application's own code: codes in a map, polling
 * answered with the RFC's errors, approval by the application's verification page.
 */
public final class OwnDeviceHandlers {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final int INTERVAL = 5; // seconds between polls

    /** One device authorization, pending until the user approves or denies it. */
    static final class Pending {
        final String userCode;
        final String scope;
        final Instant expiresAt;
        Instant lastPoll = Instant.EPOCH;
        volatile String approvedSubject; // set by the verification page
        volatile boolean denied;

        Pending(String userCode, String scope, Instant expiresAt) {
            this.userCode = userCode;
            this.scope = scope;
            this.expiresAt = expiresAt;
        }
    }

    private final Map<String, Pending> byDeviceCode = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Javalin app;

    public OwnDeviceHandlers(String issuer, int port, String tvSecret) {
        OAuth2DeviceAuthorization design = OAuth2DeviceAuthorizationBuilder.create()
                .setIssuer(issuer)
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .useAccessTokenJwks(true)
                // POST /oauth2/devicecode: the client is authenticated as at the token endpoint
                .authorizationRoute(route -> route.generateCode((ctx, request) -> {
                    if (!isTv(ctx.clientId(), ctx.clientSecret().orElse(""), tvSecret)) {
                        return null; // invalid_client
                    }
                    String deviceCode = randomValue(32);
                    String userCode = userCode();
                    byDeviceCode.put(
                            deviceCode,
                            new Pending(
                                    userCode,
                                    ctx.scope().orElse("tv"),
                                    Instant.now().plus(LIFETIME)));
                    return new DeviceCodeResponse(
                            deviceCode,
                            userCode,
                            issuer + "/activate",
                            issuer + "/activate?user_code=" + userCode,
                            LIFETIME.toSeconds(),
                            INTERVAL);
                }))
                // POST /oauth2/token, grant_type=urn:ietf:params:oauth:grant-type:device_code
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    if (!isTv(ctx.clientId(), ctx.clientSecret().orElse(""), tvSecret)) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed");
                    }
                    Pending pending = byDeviceCode.get(ctx.deviceCode());
                    Instant now = Instant.now();
                    if (pending == null) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Unknown device code");
                    }
                    if (now.isAfter(pending.expiresAt)) {
                        byDeviceCode.remove(ctx.deviceCode());
                        return OAuth2Error.of(OAuth2ErrorCode.EXPIRED_TOKEN, "The device code has expired");
                    }
                    synchronized (pending) {
                        boolean tooSoon = pending.lastPoll.plusSeconds(INTERVAL).isAfter(now);
                        pending.lastPoll = now;
                        if (tooSoon && pending.approvedSubject == null) {
                            return OAuth2Error.of(OAuth2ErrorCode.SLOW_DOWN, "Poll every " + INTERVAL + " s");
                        }
                    }
                    if (pending.denied) {
                        byDeviceCode.remove(ctx.deviceCode());
                        return OAuth2Error.of(OAuth2ErrorCode.ACCESS_DENIED, "The user denied the request");
                    }
                    if (pending.approvedSubject == null) {
                        return OAuth2Error.of(OAuth2ErrorCode.AUTHORIZATION_PENDING, "Waiting for the user");
                    }
                    if (byDeviceCode.remove(ctx.deviceCode()) == null) { // redeemed once
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "Unknown device code");
                    }
                    Map<String, Object> claims = Map.of("sub", pending.approvedSubject, "scope", pending.scope);
                    return new OAuth2TokenResponse(
                                    ctx.createJwtAccessToken(claims).token())
                            .setExpiresIn(ctx.ttl())
                            .setScope(pending.scope);
                }))
                .build();

        app = Javalin.create(config -> config.registerPlugin(new AuthDesignPlugin(design)))
                .start("127.0.0.1", port);
    }

    /**
     * What the verification page calls once the user has signed in, typed the user code and approved (the
     * page itself, with its sign-in, CSRF protection and attempt limits, is the application's; the ready
     * {@code DeviceVerificationPage} is one).
     */
    public boolean approve(String userCode, String subject) {
        for (Pending pending : byDeviceCode.values()) {
            if (MessageDigest.isEqual(pending.userCode.getBytes(UTF_8), userCode.getBytes(UTF_8))
                    && Instant.now().isBefore(pending.expiresAt)) {
                pending.approvedSubject = subject;
                return true;
            }
        }
        return false;
    }

    public void stop() {
        app.stop();
    }

    private static boolean isTv(String clientId, String presentedSecret, String tvSecret) {
        return clientId.equals("tv")
                && MessageDigest.isEqual(presentedSecret.getBytes(UTF_8), tvSecret.getBytes(UTF_8));
    }

    private String randomValue(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** Eight characters of RFC 8628 section 6.1's alphabet (no vowels, no look-alikes), as XXXX-XXXX. */
    private String userCode() {
        String alphabet = "BCDFGHJKLMNPQRSTVWXZ";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append(i == 4 ? "-" : "").append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return code.toString();
    }
}

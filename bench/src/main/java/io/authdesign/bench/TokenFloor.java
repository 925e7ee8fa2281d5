package io.authdesign.bench;

import io.authdesign.jwt.NativeCrypto;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.util.function.Consumer;

/**
 * The throughput floor of the token endpoint on the reference server's stack: Jetty and Javalin (virtual threads,
 * as the AuthDesign plugin sets them) serving {@code GET /health} as the server does and a {@code POST
 * /oauth2/token} that does only what no token endpoint can skip: read the form body, sign an access token of the
 * reference server's size with ES256 (the native provider when present, a pooled JCA {@link Signature}, the
 * server's own way), and answer the token response. No client authentication, no claims logic, no stores.
 *
 * <p>{@code bench/run-load.sh} runs it with the server's launch options and measures its token ÷ {@code /health}
 * the way it measures the server's (interleaved rounds), which says what share of {@code /health} a token can
 * reach on the machine at all: the HTTP stack's cost of a POST with a body and a larger answer, plus one
 * signature. Its {@code GET /api/me} does the same for the protected route: the request with its bearer token,
 * the server's answer, no verification.
 *
 * <p>{@code java -cp benchmarks.jar io.authdesign.bench.TokenFloor PORT} serves until killed.
 */
public final class TokenFloor {

    private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ME = "{\"sub\":\"bench-client\",\"client_id\":\"bench-client\",\"scope\":\"read\"}"
            .getBytes(StandardCharsets.US_ASCII);

    private final FloorSigner signer;

    private TokenFloor(FloorSigner signer) {
        this.signer = signer;
    }

    /**
     * Starts the floor server.
     *
     * @param args the port
     * @throws GeneralSecurityException when no P-256 key can be made
     */
    public static void main(String[] args) throws GeneralSecurityException {
        Provider provider = NativeCrypto.installIfAvailable().orElse(null);
        start(Integer.parseInt(args[0]), newKey(provider), provider);
        System.out.println("TokenFloor listening on 127.0.0.1:" + args[0] + ", signing with "
                + (provider == null ? "the JDK's providers" : provider.getName()));
    }

    /** A P-256 key pair of the provider ({@code null}: the JDK's). */
    static KeyPair newKey(Provider provider) throws GeneralSecurityException {
        return FloorSigner.newKey(provider);
    }

    /** Serves on 127.0.0.1:{@code port} (0: a free port), signing with the key pair's private key. */
    static Javalin start(int port, KeyPair key, Provider provider) {
        TokenFloor floor = new TokenFloor(new FloorSigner(key.getPrivate(), provider));
        return serve(port, config -> {
            config.routes.get("/health", TokenFloor::health);
            config.routes.post("/oauth2/token", floor::token);
            config.routes.get("/api/me", TokenFloor::me);
        });
    }

    /**
     * The floors' Javalin on 127.0.0.1:{@code port}, set up as the AuthDesign plugin sets the reference server's
     * (virtual threads, no session cookies), with the routes {@code routes} adds.
     */
    static Javalin serve(int port, Consumer<JavalinConfig> routes) {
        return Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.startup.showOldJavalinVersionWarning = false;
                    config.concurrency.useVirtualThreads = true;
                    config.jetty.modifyServletContextHandler(
                            handler -> handler.getSessionHandler().setUsingCookies(false));
                    routes.accept(config);
                })
                .start("127.0.0.1", port);
    }

    private static void health(Context ctx) throws IOException {
        ctx.contentType("application/json").header("Cache-Control", "no-store");
        ctx.outputStream().write(HEALTH);
    }

    /**
     * A protected route's floor: the request carries the bearer token (which Jetty parses as the server's) and
     * the answer is the server's {@code /api/me} of the benchmark client, but the token is not verified.
     */
    private static void me(Context ctx) throws IOException {
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            ctx.status(401).header("WWW-Authenticate", "Bearer");
            return;
        }
        ctx.contentType("application/json").header("Cache-Control", "no-store");
        ctx.outputStream().write(ME);
    }

    private void token(Context ctx) throws Exception {
        String form = ctx.body();
        if (!form.contains("grant_type=") || ctx.header("Authorization") == null) {
            ctx.status(400);
            return;
        }
        String token = signer.accessToken("bench-client", "bench-client");
        ctx.contentType("application/json").header("Cache-Control", "no-store").header("Pragma", "no-cache");
        ctx.outputStream()
                .write(("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                                + "\"scope\":\"read\"}")
                        .getBytes(StandardCharsets.US_ASCII));
    }
}

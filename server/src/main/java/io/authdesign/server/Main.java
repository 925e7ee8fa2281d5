package io.authdesign.server;

import io.authdesign.jwt.NativeCrypto;
import io.authdesign.store.RegisteredClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Starts the reference server: {@code java -jar authdesign-server.jar [--config FILE]}. Without
 * {@code --config} it runs the demo configuration (see the README) with freshly generated credentials,
 * printed at start-up.
 */
public final class Main {

    private Main() {}

    /**
     * Entry point.
     *
     * @param args {@code --config FILE}, or {@code --help}
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Demo.PORT, server -> closeAtShutdown(server, Runtime.getRuntime()::addShutdownHook));
    }

    /**
     * Has the server closed when the JVM shuts down, through {@code hooks} ({@link Runtime#addShutdownHook}).
     * A signal that arrives while the server starts (a SIGTERM from a supervisor that gave up waiting) begins
     * the JVM's shutdown before there is a hook to register, and the runtime then refuses it with an {@link
     * IllegalStateException}: the server is closed at once instead and the start goes no further.
     *
     * @return {@code false} when the JVM was already shutting down and the server has been closed
     */
    static boolean closeAtShutdown(ReferenceServer server, Consumer<Thread> hooks) {
        try {
            hooks.accept(new Thread(server::close, "authdesign-shutdown"));
            return true;
        } catch (IllegalStateException shuttingDown) {
            server.close();
            return false;
        }
    }

    /**
     * Runs the server with the demo on {@code demoPort} and hands the started server to {@code started}, which
     * answers {@code false} when the start must end there (the JVM is shutting down); tests use it to pick a
     * free demo port and to close the server.
     */
    static int run(String[] args, PrintStream out, PrintStream err, int demoPort, Predicate<ReferenceServer> started) {
        if (args.length == 1 && args[0].equals("train")) {
            return Training.run(out, err);
        }
        if (Commands.isCommand(args)) {
            return new Commands(out, err, System::getenv).run(args);
        }
        SecureRandom random = new SecureRandom();
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("--config needs a file name");
                        return 2;
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    out.println("Usage: java -jar authdesign-server.jar [--config FILE]");
                    out.println("Without --config the server runs a demo configuration on http://127.0.0.1:9000");
                    out.println("Operator commands:");
                    out.println("  check --config FILE          check a configuration file without starting");
                    out.println("  generate-kek                 print a new key-encryption key");
                    out.println("  rotate-keys --config FILE    new signing keys now, in file or PostgreSQL storage");
                    out.println("  rotate-keys --url BASE --client ID   ask a running server ($"
                            + Commands.SECRET_VARIABLE + " holds the client secret; the client needs the scope "
                            + Commands.ADMIN_SCOPE + ")");
                    out.println(
                            "  hash-secret --config FILE    print a client secret's hash for clientSecret (the secret"
                                    + " on stdin or in $" + Commands.SECRET_VARIABLE + ")");
                    out.println("  grants --config FILE --user NAME                 list a user's consents and grants");
                    out.println("  revoke-grants --config FILE --user NAME [--client ID]   revoke them");
                    out.println("  new --flow oidc-auth-code|oidc-client-credentials|oidc-device --name NAME DIR");
                    out.println("  new --util replay-store|key-store|rotation-store [--name CLASS] DIR");
                    return 0;
                }
                default -> {
                    err.println("Unknown argument '" + args[i] + "'. Usage: java -jar authdesign-server.jar"
                            + " [--config FILE]");
                    return 2;
                }
            }
        }
        // loading the native crypto provider takes a few tenths of a second: it overlaps the start-up, and
        // the first requests are signed with the JDK's providers if it is not there yet (nothing waits for it)
        NativeCrypto.installInBackground();
        ConfigLoader loader = new ConfigLoader(random);
        LoadedConfig config;
        Demo demo = null;
        try {
            if (configFile != null) {
                config = loader.load(configFile);
            } else {
                demo = Demo.create(random, demoPort);
                config = loader.check("demo configuration", demo.config());
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("The server did not start.");
            return 2;
        }
        ReferenceServer server;
        try {
            server = ReferenceServer.start(config, random);
        } catch (ServerStores.OpenException e) {
            err.println("The server did not start: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("The server could not start on " + config.host() + ":" + config.port() + ": " + rootCause(e));
            return 1;
        }
        if (!started.test(server)) {
            return 0;
        }
        printBanner(out, server, config, demo);
        return 0;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /**
     * Where RFC 8414 section 3.1 puts the metadata: the well-known suffix between the host and the
     * issuer's path.
     */
    static String metadataUrl(String issuer) {
        URI uri = URI.create(issuer);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/oauth-authorization-server" + path;
    }

    private static void printBanner(PrintStream out, ReferenceServer server, LoadedConfig config, Demo demo) {
        out.println("AuthDesign reference server listening on http://" + config.host() + ":" + server.port());
        out.println("Issuer:   " + config.issuer());
        out.println("Metadata: " + metadataUrl(config.issuer()));
        out.println("Clients:");
        for (RegisteredClient client : config.clients()) {
            out.println("  " + client.clientId() + "  methods " + client.authMethods() + ", grants "
                    + client.grantTypes() + ", scopes " + client.scopes());
        }
        if (demo != null) {
            out.println("Demo credentials (new at every start):");
            out.println("  client " + Demo.CLIENT_ID + " / secret " + demo.clientSecret());
            out.println("  user   " + Demo.USERNAME + " / password " + demo.password());
            out.println("Sign in as a web app would (public client with PKCE; the redirect goes to "
                    + Demo.APP_REDIRECT_URI + "):");
            out.println("  " + server.design().authorizationServerMetadata().get("authorization_endpoint")
                    + "?response_type=code&client_id=" + Demo.APP_ID + "&scope=openid%20profile&state=xyz"
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
            out.println("  (code_verifier for the token request: dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk)");
            out.println("Connect a device:");
            out.println("  curl -s -d client_id=" + Demo.DEVICE_ID + " -d scope=openid "
                    + server.design().authorizationServerMetadata().get("device_authorization_endpoint"));
            out.println("Get a token:");
            out.println("  curl -s -u '" + Demo.CLIENT_ID + ":" + demo.clientSecret()
                    + "' -d grant_type=client_credentials -d scope=read "
                    + server.design().authorizationServerMetadata().get("token_endpoint"));
        }
    }

    /**
     * The demo configuration: issuer {@code http://127.0.0.1:9000}, one confidential client
     * {@value #CLIENT_ID} (client_secret_basic and client_secret_post, client_credentials, scopes read and
     * write) and one user {@value #USERNAME}, with random secrets.
     *
     * @param config the configuration
     * @param clientSecret the generated client secret
     * @param password the generated user password
     */
    record Demo(ServerConfig config, String clientSecret, String password) {

        static final String CLIENT_ID = "demo-service";
        static final String USERNAME = "alice";
        static final String APP_ID = "demo-app";
        static final String APP_REDIRECT_URI = "http://127.0.0.1:8080/callback";
        static final String DEVICE_ID = "demo-tv";
        static final int PORT = 9000;

        static Demo create(SecureRandom random, int port) {
            String secret = randomText(random);
            String password = randomText(random).substring(0, 12);
            ServerConfig config = new ServerConfig(
                    "http://127.0.0.1:" + port,
                    "127.0.0.1",
                    port,
                    3600L,
                    null,
                    null,
                    new ServerConfig.Storage("memory", null, null, null, null, null),
                    null,
                    null,
                    null,
                    List.of(
                            new ServerConfig.Client(
                                    CLIENT_ID,
                                    secret,
                                    List.of("client_secret_basic", "client_secret_post"),
                                    List.of("client_credentials"),
                                    List.of("read", "write"),
                                    List.of()),
                            new ServerConfig.Client(
                                    APP_ID,
                                    null,
                                    List.of("none"),
                                    List.of("authorization_code", "refresh_token"),
                                    List.of("openid", "profile", "email", "read"),
                                    List.of(APP_REDIRECT_URI)),
                            new ServerConfig.Client(
                                    DEVICE_ID,
                                    null,
                                    List.of("none"),
                                    List.of("device_code", "refresh_token"),
                                    List.of("openid", "profile", "read"),
                                    List.of())),
                    List.of(new ServerConfig.User(
                            USERNAME,
                            password,
                            Map.of(
                                    "email",
                                    "alice@example.com",
                                    "email_verified",
                                    true,
                                    "name",
                                    "Alice Example",
                                    "preferred_username",
                                    "alice"))),
                    null,
                    null,
                    null,
                    null,
                    null);
            return new Demo(config, secret, password);
        }

        private static String randomText(SecureRandom random) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}

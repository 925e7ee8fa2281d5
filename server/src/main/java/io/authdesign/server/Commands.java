package io.authdesign.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reference server's operator commands, each printing a clear result and exiting non-zero on error:
 *
 * <ul>
 *   <li>{@code check --config FILE}: checks a configuration file without starting;
 *   <li>{@code generate-kek}: prints a new key-encryption key (base64 of 32 random bytes);
 *   <li>{@code rotate-keys --config FILE}: generates new signing keys now in the configured storage, for
 *       every node sharing it (file or PostgreSQL storage);
 *   <li>{@code rotate-keys --url BASE --client ID}: asks a running server to rotate, with a client
 *       credentials token of scope {@value #ADMIN_SCOPE} (the secret from the environment variable
 *       {@value #SECRET_VARIABLE}, never from the command line);
 *   <li>{@code hash-secret --config FILE}: prints the keyed hash of a client secret (read from standard
 *       input or {@value #SECRET_VARIABLE}) for the configuration's {@code clientSecret};
 *   <li>{@code grants --config FILE --user NAME} and {@code revoke-grants --config FILE --user NAME
 *       [--client ID]}: a user's consents and live grants, listed or revoked ({@link GrantCommands});
 *   <li>{@code new --flow ... | --util ...}: generates a project or a store skeleton ({@link Scaffold}).
 * </ul>
 */
final class Commands {

    /** The scope of the reference server's administration routes. */
    static final String ADMIN_SCOPE = ServerAssembly.ADMIN_SCOPE;

    /** The administration route that rotates the signing keys now. */
    static final String ROTATE_PATH = "/admin/keys/rotate";

    /** Where {@code rotate-keys --url} reads the client secret. */
    static final String SECRET_VARIABLE = "AUTHDESIGN_CLIENT_SECRET";

    private static final List<String> NAMES =
            List.of("check", "generate-kek", "rotate-keys", "hash-secret", "new", "grants", "revoke-grants");

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> environment;
    private final InputStream in;
    private final SecureRandom random = new SecureRandom();

    Commands(PrintStream out, PrintStream err, Function<String, String> environment) {
        this(out, err, environment, System.in);
    }

    /** As the other constructor, {@code hash-secret} reading the secret from {@code in} when not in the environment. */
    Commands(PrintStream out, PrintStream err, Function<String, String> environment, InputStream in) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.in = in;
    }

    /** Whether the arguments name a command rather than starting the server. */
    static boolean isCommand(String[] args) {
        return args.length > 0 && NAMES.contains(args[0]);
    }

    /** Runs the command: 0 on success, 1 when it failed, 2 for wrong arguments or configuration. */
    int run(String[] args) {
        if (args[0].equals("new")) {
            return new Scaffold(out, err).run(args);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("Unexpected argument '" + args[i] + "'. " + usage(args[0]));
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return switch (args[0]) {
            case "check" -> check(options);
            case "generate-kek" -> generateKek(options);
            case "hash-secret" -> hashSecret(options);
            case "grants" -> new GrantCommands(out, err, random).grants(options);
            case "revoke-grants" -> new GrantCommands(out, err, random).revokeGrants(options);
            default -> rotateKeys(options);
        };
    }

    private static String usage(String command) {
        return switch (command) {
            case "check" -> "Usage: java -jar authdesign-server.jar check --config FILE";
            case "generate-kek" -> "Usage: java -jar authdesign-server.jar generate-kek";
            case "grants" -> GrantCommands.GRANTS_USAGE;
            case "revoke-grants" -> GrantCommands.REVOKE_USAGE;
            case "hash-secret" ->
                "Usage: java -jar authdesign-server.jar hash-secret --config FILE (the secret on standard input,"
                        + " or in $" + SECRET_VARIABLE + "; never on the command line)";
            default ->
                "Usage: java -jar authdesign-server.jar rotate-keys --config FILE"
                        + " | rotate-keys --url BASE_URL --client CLIENT_ID (secret in $" + SECRET_VARIABLE + ")";
        };
    }

    private int check(Map<String, String> options) {
        if (!options.keySet().equals(java.util.Set.of("config"))) {
            err.println(usage("check"));
            return 2;
        }
        try {
            LoadedConfig config = new ConfigLoader(random).load(Path.of(options.get("config")));
            out.println("Configuration OK: " + options.get("config") + " (issuer " + config.issuer() + ", "
                    + config.clients().size() + " clients, " + config.users().size() + " users, storage "
                    + config.storage().type() + ")");
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /**
     * Prints the keyed hash of a client secret as the configuration accepts it in {@code clientSecret}
     * ({@value ConfigLoader#HASHED_SECRET_PREFIX} and base64url), under the key derived from the
     * configuration's key-encryption key: the configuration file then holds no client secret.
     */
    private int hashSecret(Map<String, String> options) {
        if (!options.keySet().equals(java.util.Set.of("config"))) {
            err.println(usage("hash-secret"));
            return 2;
        }
        LoadedConfig config;
        try {
            config = new ConfigLoader(random).load(Path.of(options.get("config")));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (config.storage().keyEncryptionKeys().isEmpty()) {
            err.println("Hashed secrets need a keyEncryptionKey in " + options.get("config")
                    + " (the hashing key is derived from it): generate one with generate-kek");
            return 2;
        }
        String secret = environment.apply(SECRET_VARIABLE);
        if (secret == null || secret.isEmpty()) {
            try {
                secret = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                err.println("The secret could not be read from standard input: " + e.getMessage());
                return 1;
            }
        }
        if (secret == null || secret.isEmpty()) {
            err.println("No secret: give it on standard input or in $" + SECRET_VARIABLE);
            return 2;
        }
        out.println(ConfigLoader.HASHED_SECRET_PREFIX + config.clientSecrets().hash(secret));
        return 0;
    }

    private int generateKek(Map<String, String> options) {
        if (!options.isEmpty()) {
            err.println(usage("generate-kek"));
            return 2;
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        out.println(Base64.getEncoder().encodeToString(key));
        return 0;
    }

    private int rotateKeys(Map<String, String> options) {
        if (options.keySet().equals(java.util.Set.of("config"))) {
            return rotateInStorage(options.get("config"));
        }
        if (options.keySet().equals(java.util.Set.of("url", "client"))) {
            return rotateRemotely(options.get("url"), options.get("client"));
        }
        err.println(usage("rotate-keys"));
        return 2;
    }

    /** Rotates in the shared storage: every node reads the new keys within a second. */
    private int rotateInStorage(String file) {
        LoadedConfig config;
        try {
            config = new ConfigLoader(random).load(Path.of(file));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (config.storage().type().equals("memory")) {
            err.println("Memory storage lives in the running server's process: rotate with rotate-keys --url"
                    + " BASE_URL --client CLIENT_ID, a client with the scope " + ADMIN_SCOPE);
            return 2;
        }
        ServerAssembly assembly;
        try {
            assembly = ServerAssembly.assemble(config, Clock.systemUTC(), random);
        } catch (RuntimeException e) {
            err.println("Cannot open the storage of " + file + ": " + e.getMessage());
            return 1;
        }
        try {
            assembly.design().generateKeyPair();
            out.println("New signing keys generated in the " + config.storage().type() + " storage; they are"
                    + " published at once and sign after the JWKS max-age.");
            return 0;
        } catch (RuntimeException e) {
            err.println("The keys could not be rotated: " + e.getMessage());
            return 1;
        } finally {
            assembly.close();
        }
    }

    /** Asks a running server to rotate, authenticated as an administration client. */
    private int rotateRemotely(String baseUrl, String clientId) {
        String secret = environment.apply(SECRET_VARIABLE);
        if (secret == null || secret.isEmpty()) {
            err.println("Set the client secret in the environment variable " + SECRET_VARIABLE);
            return 2;
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try (HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            String basic = Base64.getEncoder()
                    .encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> token = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "grant_type=client_credentials&scope=" + encode(ADMIN_SCOPE)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                err.println("The token request was refused (" + token.statusCode() + "): " + token.body());
                return 1;
            }
            String accessToken = (String)
                    new ObjectMapper().readValue(token.body(), Map.class).get("access_token");
            HttpResponse<String> rotated = http.send(
                    HttpRequest.newBuilder(URI.create(base + ROTATE_PATH))
                            .header("Authorization", "Bearer " + accessToken)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (rotated.statusCode() != 200) {
                err.println("The rotation was refused (" + rotated.statusCode() + "): " + rotated.body());
                return 1;
            }
            out.println("Keys rotated by " + base + ": " + rotated.body());
            return 0;
        } catch (JsonProcessingException e) {
            err.println("The token response is not JSON: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Cannot reach " + base + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted");
            return 1;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

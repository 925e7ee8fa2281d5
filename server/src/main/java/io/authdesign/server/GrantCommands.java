package io.authdesign.server;

import io.authdesign.store.UserGrant;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code grants --config FILE --user NAME} lists what a user granted (consents, and the grants with a live
 * refresh token); {@code revoke-grants --config FILE --user NAME [--client ID]} revokes them: the refresh
 * tokens, the access tokens already issued from them (the revocation list every node reads) and the
 * consents, so the user is asked again. They work on the shared storage ({@code file} or
 * {@code postgresql}); with {@code file}, stop the server first (the embedded database has one user).
 */
final class GrantCommands {

    static final String GRANTS_USAGE = "Usage: java -jar authdesign-server.jar grants --config FILE --user NAME";
    static final String REVOKE_USAGE =
            "Usage: java -jar authdesign-server.jar revoke-grants --config FILE --user NAME [--client CLIENT_ID]";

    private final PrintStream out;
    private final PrintStream err;
    private final SecureRandom random;

    GrantCommands(PrintStream out, PrintStream err, SecureRandom random) {
        this.out = out;
        this.err = err;
        this.random = random;
    }

    int grants(Map<String, String> options) {
        if (!options.keySet().equals(Set.of("config", "user"))) {
            err.println(GRANTS_USAGE);
            return 2;
        }
        return withStorage(options, GRANTS_USAGE, (assembly, user, client) -> {
            Map<String, Set<String>> consents = assembly.stores().consents().consentsOf(user);
            List<UserGrant> grants = assembly.stores()
                    .refreshTokens()
                    .grantsOf(user, Clock.systemUTC().instant());
            if (consents.isEmpty() && grants.isEmpty()) {
                out.println("User '" + user + "' has no consents and no live grants.");
                return 0;
            }
            out.println("User '" + user + "':");
            consents.forEach((clientId, scopes) -> out.println(
                    "  consent  client " + clientId + "  scopes " + String.join(" ", new TreeSet<>(scopes))));
            for (UserGrant grant : grants) {
                out.println("  grant    " + grant.grantId() + "  client " + grant.clientId() + "  scopes "
                        + String.join(" ", new TreeSet<>(grant.scopes())) + "  refresh until " + grant.expiresAt());
            }
            return 0;
        });
    }

    int revokeGrants(Map<String, String> options) {
        if (!Set.of("config", "user", "client").containsAll(options.keySet())
                || !options.keySet().containsAll(Set.of("config", "user"))) {
            err.println(REVOKE_USAGE);
            return 2;
        }
        return withStorage(options, REVOKE_USAGE, (assembly, user, client) -> {
            int grants = 0;
            for (UserGrant grant : assembly.stores()
                    .refreshTokens()
                    .grantsOf(user, Clock.systemUTC().instant())) {
                if (client.isEmpty() || client.get().equals(grant.clientId())) {
                    assembly.lifecycle().revokeGrant(grant.grantId());
                    grants++;
                }
            }
            int consents = 0;
            for (String clientId : assembly.stores().consents().consentsOf(user).keySet()) {
                if (client.isEmpty() || client.get().equals(clientId)) {
                    assembly.stores().consents().revoke(user, clientId);
                    consents++;
                }
            }
            out.println("Revoked " + grants + " grant(s) and " + consents + " consent(s) of user '" + user + "'"
                    + client.map(id -> " for client " + id).orElse("")
                    + ": their refresh and access tokens are refused from now on.");
            return 0;
        });
    }

    /** What a command does with the opened storage. */
    @FunctionalInterface
    private interface Action {
        int run(ServerAssembly assembly, String user, Optional<String> client);
    }

    private int withStorage(Map<String, String> options, String usage, Action action) {
        String user = options.get("user");
        if (user.isBlank()) {
            err.println(usage);
            return 2;
        }
        LoadedConfig config;
        try {
            config = new ConfigLoader(random).load(Path.of(options.get("config")));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (config.storage().type().equals("memory")) {
            err.println("Memory storage lives in the running server's process: a user's grants are only there;"
                    + " revoke one with POST " + ReferenceServer.REVOKE_GRANT_PATH + " (scope "
                    + Commands.ADMIN_SCOPE + ")");
            return 2;
        }
        ServerAssembly assembly;
        try {
            assembly = ServerAssembly.assemble(config, Clock.systemUTC(), random);
        } catch (RuntimeException e) {
            err.println("Cannot open the storage of " + options.get("config") + ": " + e.getMessage());
            return 1;
        }
        try {
            return action.run(assembly, user, Optional.ofNullable(options.get("client")));
        } catch (RuntimeException e) {
            err.println("The storage failed: " + e.getMessage());
            return 1;
        } finally {
            assembly.close();
        }
    }
}

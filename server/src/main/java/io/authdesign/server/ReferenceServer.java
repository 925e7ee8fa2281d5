package io.authdesign.server;

import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference authorization server: a {@link MultipleFlows} design built from a configuration with the
 * library's public API only, served by Javalin.
 */
public final class ReferenceServer implements AutoCloseable {

    private final LoadedConfig config;
    private final MultipleFlows design;
    private final Javalin app;

    private ReferenceServer(LoadedConfig config, MultipleFlows design, Javalin app) {
        this.config = config;
        this.design = design;
        this.app = app;
    }

    /** Builds the design and starts listening. */
    static ReferenceServer start(LoadedConfig config, SecureRandom random) {
        MultipleFlows design = design(config, random);
        Javalin app = Javalin.create(javalin -> {
                    javalin.startup.showJavalinBanner = false;
                    javalin.startup.showOldJavalinVersionWarning = false;
                    javalin.registerPlugin(new AuthDesignPlugin(design));
                })
                .start(config.host(), config.port());
        return new ReferenceServer(config, design, app);
    }

    static MultipleFlows design(LoadedConfig config, SecureRandom random) {
        Registry registry = config.registry();
        OAuth2ClientCredentialsBuilder clientCredentials = OAuth2ClientCredentialsBuilder.create()
                .setTokenTTL(config.tokenTtl())
                .setScopes(scopesOf(registry.clients().values()))
                .tokenRoute(
                        route -> route.generateToken(new ClientCredentialsHandler(registry, config.secrets(), random)));
        if (usesMethod(registry, "client_secret_basic")) {
            clientCredentials.addClientAuthenticationMethod(new ClientSecretBasic());
        }
        if (usesMethod(registry, "client_secret_post")) {
            clientCredentials.addClientAuthenticationMethod(new ClientSecretPost());
        }
        return MultipleFlowsBuilder.create()
                .setIssuer(config.issuer())
                .add(clientCredentials)
                .build();
    }

    private static boolean usesMethod(Registry registry, String method) {
        return registry.clients().values().stream()
                .anyMatch(c -> c.authMethods().contains(method));
    }

    private static Map<String, String> scopesOf(Collection<Registry.Client> clients) {
        Map<String, String> scopes = new LinkedHashMap<>();
        clients.forEach(client -> client.scopes().forEach(scope -> scopes.put(scope, scope)));
        return scopes;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The design being served. */
    public MultipleFlows design() {
        return design;
    }

    /** The configuration being served. */
    LoadedConfig config() {
        return config;
    }

    @Override
    public void close() {
        app.stop();
    }
}

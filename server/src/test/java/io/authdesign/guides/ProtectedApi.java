package io.authdesign.guides;

import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.resource.Credentials;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import io.javalin.Javalin;
import java.security.SecureRandom;

/** An authorization server and the API it protects, in one Javalin application. */
public final class ProtectedApi {

    public static Javalin start(String issuer, int port, String clientSecret) {
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder("orders-client")
                .secret(ClientSecret.of(hasher.hash(clientSecret)))
                .grantTypes("client_credentials")
                .scopes("orders:read", "orders:write")
                .build());
        OAuth2ClientCredentials design = ReadyClientCredentialsFlow.builder()
                .clients(clients, hasher)
                .build()
                .install(OAuth2ClientCredentialsBuilder.create() // its access tokens are verified JWTs
                        .setIssuer(issuer)
                        .addClientAuthenticationMethod("client_secret_basic"))
                .build();

        return Javalin.create(config -> {
                    config.registerPlugin(new AuthDesignPlugin(design));
                    config.routes.get(
                            "/api/orders",
                            ctx -> {
                                Credentials caller = AuthDesignPlugin.credentials(ctx); // who the token is for
                                ctx.result("orders of " + caller.clientId() + " " + caller.scopes());
                            },
                            AuthDesignPlugin.protect("orders:read"));
                    config.routes.post("/api/orders", ctx -> ctx.status(201), AuthDesignPlugin.protect("orders:write"));
                    config.routes.get("/api/health", ctx -> ctx.result("ok")); // no role: open to all
                })
                .start("127.0.0.1", port);
    }

    private ProtectedApi() {}
}

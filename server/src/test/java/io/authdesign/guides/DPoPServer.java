package io.authdesign.guides;

import io.authdesign.dpop.DPoPToken;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.replay.InMemoryReplayStore;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Duration;

/** A server that issues DPoP-bound access tokens (RFC 9449) and a route that accepts them only with a proof. */
public final class DPoPServer {

    public static Javalin start(String issuer, int port, String clientSecret, byte[] nonceSecret) {
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder("mobile-backend")
                .secret(ClientSecret.of(hasher.hash(clientSecret)))
                .grantTypes("client_credentials")
                .scopes("payments")
                .dpopBoundAccessTokens(true) // its token requests without a proof are refused
                .build());

        DPoPToken dpop = new DPoPToken() // proofs required, ES256 by default
                .addAlgorithm("EdDSA")
                .setTTL(120) // a proof's iat may be at most 120 s old
                .setReplayDetector(new InMemoryReplayStore()) // every node shares one: JDBC or Redis
                .requireNonce(nonceSecret, Duration.ofMinutes(5)); // every node shares the secret

        OAuth2ClientCredentials design = ReadyClientCredentialsFlow.builder()
                .clients(clients, hasher)
                .build()
                .install(OAuth2ClientCredentialsBuilder.create()
                        .setIssuer(issuer)
                        .addClientAuthenticationMethod("client_secret_basic")
                        .setTokenType(dpop))
                .build();

        return Javalin.create(config -> {
                    config.registerPlugin(new AuthDesignPlugin(design));
                    config.routes.post(
                            "/api/payments",
                            ctx -> ctx.result("paid by "
                                    + AuthDesignPlugin.credentials(ctx).clientId()),
                            AuthDesignPlugin.protect("payments"));
                })
                .start("127.0.0.1", port);
    }

    private DPoPServer() {}
}

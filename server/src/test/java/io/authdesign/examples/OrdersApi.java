package io.authdesign.examples;

import io.authdesign.dpop.DPoPToken;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ResourceServer;
import io.javalin.Javalin;
import java.util.List;
import java.util.Map;

/**
 * A runnable API in its own process, protected by an authorization server it knows only by its issuer
 * (docs/RESOURCE-SERVER.md): {@code java -cp ... io.authdesign.examples.OrdersApi <issuer> <port>
 * [<audience>]}. {@code GET /orders} needs the scope {@code orders:read}, {@code POST /orders}
 * {@code orders:write}. The audience defaults to the API's own URL, the {@code resource} a client names
 * when it asks for a token (RFC 8707).
 */
public final class OrdersApi {

    private OrdersApi() {}

    /**
     * Starts the API.
     *
     * @param args the issuer, the port, and optionally the audience tokens must name
     */
    public static void main(String[] args) {
        String issuer = args[0];
        int port = Integer.parseInt(args[1]);
        String publicUrl = "http://127.0.0.1:" + port;
        String audience = args.length > 2 ? args[2] : publicUrl;
        // snippet:resource-server:begin
        ResourceServer protection = ResourceServer.builder()
                .issuer(issuer) // tokens' iss; its jwks_uri is discovered from it
                .publicUrl(publicUrl) // this API's own URL, which DPoP proofs name
                .audience(audience) // tokens must be meant for this API (aud)
                .tokenType(new DPoPToken().setRequired(false)) // Bearer, or DPoP-bound with a proof
                .build();

        Javalin api = Javalin.create(config -> {
                    config.registerPlugin(AuthDesignPlugin.resourceServer(protection));
                    config.routes.get(
                            "/orders",
                            ctx -> {
                                Credentials caller = AuthDesignPlugin.credentials(ctx);
                                ctx.json(Map.of("subject", caller.subject(), "orders", List.of()));
                            },
                            AuthDesignPlugin.protect("orders:read"));
                    config.routes.post(
                            "/orders",
                            ctx -> ctx.status(201).result("created"),
                            AuthDesignPlugin.protect("orders:write"));
                })
                .start("127.0.0.1", port);
        // snippet:resource-server:end
        System.out.println("Orders API listening on http://127.0.0.1:" + api.port());
    }
}

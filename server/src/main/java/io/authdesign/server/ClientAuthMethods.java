package io.authdesign.server;

import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretJwt;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.flow.FlowBuilder;
import io.authdesign.replay.ReplayStore;
import io.authdesign.token.GrantType;
import java.util.List;

/**
 * The client authentication methods the configured clients use, enabled on each flow: secrets and
 * assertions checked against the configuration's clients, one replay store for every assertion.
 */
final class ClientAuthMethods {

    private static final List<String> ASYMMETRIC =
            List.of("RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private final Registry registry;
    private final ClientSecretJwt clientSecretJwt;
    private final PrivateKeyJwt privateKeyJwt;

    ClientAuthMethods(Registry registry, ReplayStore replays, JwksFetcher fetcher) {
        this.registry = registry;
        this.clientSecretJwt = new ClientSecretJwt()
                .addAlgorithm("HS384")
                .addAlgorithm("HS512")
                .setReplayStore(replays)
                .getClientSecret((clientId, claims, assertion) -> registry.client(clientId)
                        .filter(client -> client.uses("client_secret_jwt"))
                        .map(Registry.Client::jwtSecret)
                        .orElse(null));
        this.privateKeyJwt = new PrivateKeyJwt()
                .setReplayStore(replays)
                .getPublicKeyForClient((clientId, claims, assertion) -> registry.client(clientId)
                        .filter(client -> client.uses("private_key_jwt"))
                        .map(client -> client.jwks() != null ? client.jwks() : fetcher.keys(client.jwksUri()))
                        .orElse(null));
        ASYMMETRIC.forEach(privateKeyJwt::addAlgorithm);
    }

    /** The client credentials flow: secret and JWT methods (never {@code none}). */
    <B extends FlowBuilder<B>> B secretAndJwtMethods(B flow) {
        enable(flow, GrantType.CLIENT_CREDENTIALS.value(), true);
        return flow;
    }

    /** The authorization code and device flows: every method but {@code client_secret_jwt}. */
    <B extends FlowBuilder<B>> B userFlowMethods(B flow) {
        enable(flow, null, false);
        if (uses("none", null)) {
            flow.addClientAuthenticationMethod(new NoneAuthMethod());
        }
        return flow;
    }

    private void enable(FlowBuilder<?> flow, String grant, boolean secretJwt) {
        if (uses("client_secret_basic", grant)) {
            flow.addClientAuthenticationMethod(new ClientSecretBasic());
        }
        if (uses("client_secret_post", grant)) {
            flow.addClientAuthenticationMethod(new ClientSecretPost());
        }
        if (secretJwt && uses("client_secret_jwt", grant)) {
            flow.addClientAuthenticationMethod(clientSecretJwt);
        }
        if (uses("private_key_jwt", grant)) {
            flow.addClientAuthenticationMethod(privateKeyJwt);
        }
    }

    private boolean uses(String method, String grant) {
        return registry.clients().values().stream()
                .anyMatch(client -> client.uses(method)
                        && (grant == null || client.grantTypes().contains(grant)));
    }
}

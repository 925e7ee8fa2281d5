package io.authdesign.server;

import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretJwt;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.NoneAuthMethod;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.flow.FlowBuilder;
import io.authdesign.ready.RegisteredClientKeys;
import io.authdesign.replay.ReplayStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.GrantType;
import java.util.List;

/**
 * Which client authentication methods each flow enables: those the configured clients use, so that the
 * metadata advertises no more. Assertions are verified against the registered clients' keys
 * ({@link RegisteredClientKeys}), one replay store for every assertion.
 */
final class ClientAuthMethods {

    private static final List<String> ASYMMETRIC =
            List.of("RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    /** The methods dynamically registered clients may use, and that registration therefore enables. */
    static final List<String> REGISTRATION_METHODS =
            List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");

    private final List<RegisteredClient> clients;
    private final boolean registration;
    private final boolean fapi2;
    private final ClientSecretJwt clientSecretJwt;
    private final PrivateKeyJwt privateKeyJwt;

    ClientAuthMethods(
            List<RegisteredClient> clients,
            ReplayStore replays,
            RegisteredClientKeys keys,
            boolean registration,
            boolean fapi2) {
        this.clients = List.copyOf(clients);
        this.registration = registration;
        this.fapi2 = fapi2;
        this.clientSecretJwt = new ClientSecretJwt()
                .addAlgorithm("HS384")
                .addAlgorithm("HS512")
                .setReplayStore(replays)
                .getClientSecret(keys);
        this.privateKeyJwt = new PrivateKeyJwt().setReplayStore(replays).getPublicKeyForClient(keys);
        if (fapi2) {
            // FAPI 2.0 Security Profile sections 5.3.2.1 and 5.4.1: PS256 or ES256, the issuer as audience
            privateKeyJwt.setAlgorithms("PS256", "ES256").requireIssuerAudience();
        } else {
            ASYMMETRIC.forEach(privateKeyJwt::addAlgorithm);
        }
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
        if (fapi2 || uses("private_key_jwt", grant)) {
            // under the FAPI 2.0 profile every flow offers private_key_jwt alone, never the default Basic
            flow.addClientAuthenticationMethod(privateKeyJwt);
        }
    }

    /** Whether a configured client uses the method (for the grant), or dynamic clients may. */
    private boolean uses(String method, String grant) {
        if (fapi2 && !method.equals("private_key_jwt")) {
            return false; // FAPI 2.0 Security Profile section 5.3.2.1
        }
        if (registration && REGISTRATION_METHODS.contains(method)) {
            return true;
        }
        return clients.stream()
                .anyMatch(client ->
                        client.authMethods().contains(method) && (grant == null || client.allowsGrantType(grant)));
    }
}

package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.http.HttpRequest;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.TokenContext;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Checks, for a ready handler, that the client of a token request is registered, used one of its own
 * authentication methods with the right secret, sent a DPoP proof if it is registered as DPoP-bound, and
 * may use the grant.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1">RFC 6749 section 3.2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9449#section-5.2">RFC 9449 section 5.2</a>
 */
final class ClientVerifier {

    static final OAuth2Error INVALID_CLIENT =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED);

    /** RFC 9449 section 5.2: a client registered with {@code dpop_bound_access_tokens} sent no proof. */
    static final OAuth2Error DPOP_PROOF_REQUIRED =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_DPOP_PROOF, "This client must send a DPoP proof");

    private static final OAuth2Error UNAUTHORIZED_CLIENT =
            OAuth2Error.of(OAuth2ErrorCode.UNAUTHORIZED_CLIENT, "The client may not use this grant type");

    /** The slots of {@link #authenticated}: a power of two, above the requests one node has in flight at once. */
    private static final int MEMO_SLOTS = 64;

    private final ClientStore clients;
    private final ClientSecretHasher secrets;
    private final Clock clock;
    private final Fapi2Profile fapi2;

    /**
     * The clients {@link #credentials} authenticated whose grant handler has not verified them yet, each under
     * the {@link ClientAuthentication} it was made for, in the slot of that object's identity hash. The token
     * endpoint runs the flow's client check ({@code verifyClient}) and then the grant's handler, which verifies
     * the client again ({@link #verify(TokenContext, OAuth2Error)}): with a memo the handler neither looks the
     * client up a second time (a query with a database store) nor hashes its secret again. A memo serves only the
     * very object it was made for, one per request (the endpoint parses the client's credentials into it), and it
     * is taken once. It refers to that object weakly, so that a memo no handler takes keeps no presented secret
     * alive: while the request holds its object, no other object can have that identity, and once the object is
     * collected the reference is cleared. A memo overwritten meanwhile by another request's costs only the second
     * check, as before.
     */
    private final AtomicReferenceArray<Authenticated> authenticated = new AtomicReferenceArray<>(MEMO_SLOTS);

    /** A memo: the client, under a weak reference to the authentication it was made for (one object, not two). */
    private static final class Authenticated extends WeakReference<ClientAuthentication> {
        private final RegisteredClient client;

        Authenticated(ClientAuthentication authentication, RegisteredClient client) {
            super(authentication);
            this.client = client;
        }
    }

    ClientVerifier(ClientStore clients, ClientSecretHasher secrets, Clock clock) {
        this(clients, secrets, clock, Fapi2Profile.OFF);
    }

    ClientVerifier(ClientStore clients, ClientSecretHasher secrets, Clock clock, Fapi2Profile fapi2) {
        this.clients = clients;
        this.secrets = secrets;
        this.clock = clock;
        this.fapi2 = fapi2;
    }

    /** The outcome: the client, or the error to answer. */
    sealed interface Outcome permits Verified, Refused {}

    record Verified(RegisteredClient client) implements Outcome {}

    record Refused(OAuth2Error error) implements Outcome {}

    Outcome verify(TokenContext ctx) {
        return verify(ctx, UNAUTHORIZED_CLIENT);
    }

    /**
     * Verifies a token request's client, in this order: authentication, the DPoP proof of a DPoP-bound
     * client, the grant type.
     *
     * @param unauthorized the {@code unauthorized_client} error to answer when the client may not use the grant
     */
    Outcome verify(TokenContext ctx, OAuth2Error unauthorized) {
        Optional<RegisteredClient> client = recall(ctx.request().client());
        if (client.isEmpty()) {
            client = authenticate(
                    ctx.clientId(), ctx.clientSecret(), ctx.clientAuthMethod().value());
        }
        if (client.isEmpty()) {
            return new Refused(INVALID_CLIENT);
        }
        if (client.get().dpopBoundAccessTokens() && ctx.dpopJkt().isEmpty()) {
            return new Refused(DPOP_PROOF_REQUIRED);
        }
        if (fapi2.appliesTo(client.get()) && ctx.dpopJkt().isEmpty()) {
            return new Refused(Fapi2Profile.DPOP_REQUIRED);
        }
        return client.get().allowsGrantType(ctx.grantType()) ? new Verified(client.get()) : new Refused(unauthorized);
    }

    /** Verifies the client of a request that is not a token request (the device authorization request). */
    Outcome verify(String clientId, Optional<String> secret, String method, String grantType) {
        Optional<RegisteredClient> client = authenticate(clientId, secret, method);
        if (client.isEmpty()) {
            return new Refused(INVALID_CLIENT);
        }
        return client.get().allowsGrantType(grantType) ? new Verified(client.get()) : new Refused(UNAUTHORIZED_CLIENT);
    }

    /**
     * The token endpoint's client check ({@code verifyClient} on the flow), run before anything is stored
     * for the request: a registered client that used one of its own methods with the right secret. The
     * handler then verifies the rest (DPoP-bound client, grant type). A client of the FAPI 2.0 profile
     * must have used {@code private_key_jwt} with PS256 or ES256 and the issuer as {@code aud}, and a DPoP
     * proof of PS256, ES256 or EdDSA.
     */
    Optional<OAuth2Error> credentials(ClientAuthentication client, HttpRequest request) {
        Optional<RegisteredClient> found =
                authenticate(client.clientId(), client.secret(), client.method().value());
        if (found.isEmpty()) {
            return Optional.of(INVALID_CLIENT);
        }
        Optional<OAuth2Error> refused = profileChecks(found.get(), client, request);
        if (refused.isEmpty()) {
            authenticated.set(slot(client), new Authenticated(client, found.get()));
        }
        return refused;
    }

    /** The client {@link #credentials} authenticated for this very object, taken from its memo; empty otherwise. */
    private Optional<RegisteredClient> recall(ClientAuthentication client) {
        int slot = slot(client);
        Authenticated memo = authenticated.get(slot);
        if (memo != null && memo.get() == client && authenticated.compareAndSet(slot, memo, null)) {
            return Optional.of(memo.client);
        }
        return Optional.empty();
    }

    private static int slot(ClientAuthentication client) {
        return System.identityHashCode(client) & (MEMO_SLOTS - 1);
    }

    /**
     * The FAPI 2.0 Security Profile's checks of an authenticated client, when the profile holds it: its
     * authentication (section 5.3.2.1), then its DPoP proof's algorithm (section 5.4.1).
     */
    Optional<OAuth2Error> profileChecks(
            RegisteredClient client, ClientAuthentication authentication, HttpRequest request) {
        Optional<OAuth2Error> refused = fapi2.checkAuthentication(client, authentication, request);
        return refused.isPresent() ? refused : fapi2.checkProof(client, request);
    }

    /**
     * Verifies the client of a revocation or introspection request: registered, one of its own methods,
     * the right secret; no grant type is involved.
     */
    Outcome verify(String clientId, Optional<String> secret, String method) {
        return authenticate(clientId, secret, method)
                .<Outcome>map(Verified::new)
                .orElse(new Refused(INVALID_CLIENT));
    }

    /** The client when it is registered and used one of its own methods with the right secret. */
    private Optional<RegisteredClient> authenticate(String clientId, Optional<String> secret, String method) {
        Optional<RegisteredClient> found = clients.find(clientId);
        if (found.isEmpty()) {
            secret.ifPresent(secrets::hash); // the same work as a wrong secret: no timing oracle
            return Optional.empty();
        }
        RegisteredClient client = found.get();
        if (!client.authMethods().contains(method) || !secretMatches(client, secret, method)) {
            return Optional.empty();
        }
        return found;
    }

    private boolean secretMatches(RegisteredClient client, Optional<String> secret, String method) {
        return switch (method) {
            case "client_secret_basic", "client_secret_post" ->
                secret.isPresent() && secrets.matches(secret.get(), client.secrets(), clock.instant());
            default -> true; // none (public client), or a JWT assertion the library verified
        };
    }
}

package io.authdesign.ready;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.device.DeviceAuthorizationContext;
import io.authdesign.device.DeviceCodeResponse;
import io.authdesign.flow.DeviceAuthorizationFlowBuilder;
import io.authdesign.flow.OIDCDeviceAuthorizationBuilder;
import io.authdesign.http.HttpRequest;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientStore;
import io.authdesign.store.DeviceAuthorization;
import io.authdesign.store.DeviceCodeStore;
import io.authdesign.store.DevicePoll;
import io.authdesign.store.InMemoryDeviceCodeStore;
import io.authdesign.store.RefreshTokenStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.store.UserCodeHasher;
import io.authdesign.store.UserCodes;
import io.authdesign.token.DeviceCodeTokenContext;
import io.authdesign.token.GrantType;
import io.authdesign.token.ResourceIndicators;
import io.authdesign.token.Scopes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A complete device authorization flow (RFC 8628) on the store SPIs: {@link #install} wires the device
 * authorization route (codes for authenticated clients) and the polling token route
 * ({@code authorization_pending}, {@code slow_down} enforced, {@code access_denied}, {@code expired_token},
 * a code redeemed once) and the refresh route; a client holding {@link Builder#maxActivePerClient} unexpired
 * device authorizations gets {@code slow_down} instead of another; {@link #approve} and {@link #deny} are for the verification page.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628">RFC 8628</a>
 */
public final class ReadyDeviceFlow {

    /**
     * How many unexpired device authorizations a client may hold by default: enough for many devices of one
     * public client signing in at once, few enough that nobody can fill the store through it.
     */
    public static final int DEFAULT_MAX_ACTIVE_PER_CLIENT = 1000;

    static final String TOO_MANY = "The client has too many device authorizations in progress; try again later";

    private final ClientStore clients;
    private final DeviceCodeStore devices;
    private final ClientVerifier verifier;
    private final TokenIssuer issuer;
    private final RefreshGrant refresh;
    private final String verificationUri;
    private final Duration codeTtl;
    private final Duration interval;
    private final int maxActivePerClient;
    private final Clock clock;
    private final SecureRandom random;
    private final UserCodeHasher userCodes;
    private final ReadyTokenLifecycle lifecycle;

    private static UserCodeHasher userCodeHasher(Builder builder) {
        if (builder.userCodeHasher != null) {
            return builder.userCodeHasher;
        }
        if (builder.devices instanceof InMemoryDeviceCodeStore) {
            return UserCodeHasher.withRandomKey(builder.random);
        }
        throw new IllegalStateException("A shared device code store needs a user code hashing key that every node"
                + " shares: ReadyDeviceFlow.builder().userCodeHasher(new UserCodeHasher(key))");
    }

    private ReadyDeviceFlow(Builder builder) {
        this.clients = Objects.requireNonNull(builder.clients, "clients");
        this.devices = Objects.requireNonNull(builder.devices, "devices");
        this.clock = builder.clock;
        this.random = builder.random;
        this.userCodes = userCodeHasher(builder);
        this.verifier = new ClientVerifier(clients, Objects.requireNonNull(builder.secrets, "secrets"), clock);
        this.issuer = new TokenIssuer(
                Objects.requireNonNull(builder.refreshTokens, "refreshTokens"),
                Objects.requireNonNull(builder.users, "users"),
                builder.refreshTokenTtl,
                clock,
                random,
                builder.lifecycle,
                Fapi2Profile.OFF);
        this.lifecycle = builder.lifecycle;
        this.refresh = new RefreshGrant(
                builder.refreshTokens,
                verifier,
                issuer,
                builder.refreshGraceWindow,
                builder.refreshTokenRotation,
                Fapi2Profile.OFF,
                clock);
        this.verificationUri = Objects.requireNonNull(builder.verificationUri, "verificationUri");
        this.codeTtl = builder.codeTtl;
        this.interval = builder.interval;
        this.maxActivePerClient = builder.maxActivePerClient;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a device flow builder's device authorization and token routes.
     *
     * @param flow the flow builder
     * @param <B> its type
     * @return the flow builder
     */
    public <B extends DeviceAuthorizationFlowBuilder<B>> B install(B flow) {
        if (flow instanceof OIDCDeviceAuthorizationBuilder oidc) {
            oidc.addClaimsSupported(StandardClaims.supported());
        }
        if (lifecycle != null) {
            lifecycle.install(flow);
        }
        return flow.verifyClient(verifier::credentials)
                .authorizationRoute(route -> route.generateCode(this::issueCodes))
                .tokenRoute(route -> route.generateToken(this::poll))
                .refreshTokenRoute(route -> route.generateToken(refresh::refresh));
    }

    Object issueCodes(DeviceAuthorizationContext ctx, HttpRequest http) {
        ClientVerifier.Outcome outcome = verifier.verify(
                ctx.clientId(), ctx.clientSecret(), ctx.clientAuthMethod().value(), GrantType.DEVICE_CODE.value());
        if (outcome instanceof ClientVerifier.Refused refused) {
            return refused.error();
        }
        RegisteredClient client = ((ClientVerifier.Verified) outcome).client();
        // FAPI 2.0 Security Profile section 5.3.2.1: a client of the profile authenticates here as at the token
        // endpoint (private_key_jwt, PS256 or ES256, the issuer alone as aud)
        Optional<OAuth2Error> profile = verifier.profileChecks(
                client,
                new ClientAuthentication(
                        ctx.clientId(), ctx.clientSecret().orElse(null), ctx.clientAuthMethod(), ctx.issuerAudience()),
                http);
        if (profile.isPresent()) {
            return profile.get();
        }
        Set<String> scopes = ctx.scope().map(Scopes::parse).orElseGet(() -> new LinkedHashSet<>(client.scopes()));
        if (!client.scopes().containsAll(scopes)) {
            return OAuth2Error.of(OAuth2ErrorCode.INVALID_SCOPE, "The requested scope is not allowed for this client");
        }
        if (devices.countActive(client.clientId(), clock.instant()) >= maxActivePerClient) {
            // RFC 8628 section 5.2: device codes are bounded; slow_down tells the device to back off
            return OAuth2Error.of(OAuth2ErrorCode.SLOW_DOWN, TOO_MANY);
        }
        String deviceCode = issuer.randomToken();
        String userCode = UserCodes.generate(random);
        devices.save(DeviceAuthorization.builder()
                .deviceCode(deviceCode)
                .userCodeHash(userCodes.hash(userCode))
                .clientId(client.clientId())
                .scopes(scopes)
                .interval(interval)
                .expiresAt(clock.instant().plus(codeTtl))
                .grantId(issuer.randomToken())
                .build());
        return new DeviceCodeResponse(
                deviceCode,
                userCode,
                verificationUri,
                verificationUri + "?user_code=" + userCode,
                codeTtl.toSeconds(),
                interval.toSeconds());
    }

    TokenResult poll(DeviceCodeTokenContext ctx, HttpRequest http) {
        ClientVerifier.Outcome outcome = verifier.verify(ctx);
        if (outcome instanceof ClientVerifier.Refused refused) {
            return refused.error();
        }
        RegisteredClient client = ((ClientVerifier.Verified) outcome).client();
        // RFC 8707: checked before polling, so that a refused resource leaves the device code as it was
        if (!(ResourceIndicators.select(
                        ctx.request().parameter(ResourceIndicators.PARAMETER), Set.of(), client.resources())
                instanceof ResourceIndicators.Selection.Selected selected)) {
            return ResourceIndicators.NOT_ALLOWED;
        }
        return switch (devices.poll(ctx.deviceCode(), client.clientId(), clock.instant())) {
            case DevicePoll.Pending pending ->
                error(OAuth2ErrorCode.AUTHORIZATION_PENDING, "The user has not answered yet");
            case DevicePoll.SlowDown slowDown ->
                error(
                        OAuth2ErrorCode.SLOW_DOWN,
                        "Poll no more than every " + slowDown.interval().toSeconds() + " s");
            case DevicePoll.Denied denied -> error(OAuth2ErrorCode.ACCESS_DENIED, "The user denied the request");
            case DevicePoll.Expired expired -> error(OAuth2ErrorCode.EXPIRED_TOKEN, "The device code has expired");
            case DevicePoll.Unknown unknown -> error(OAuth2ErrorCode.INVALID_GRANT, "The device code is invalid");
            case DevicePoll.AlreadyRedeemed redeemed ->
                error(OAuth2ErrorCode.INVALID_GRANT, "The device code was already used");
            case DevicePoll.Approved approved -> issue(ctx, client, approved.authorization(), selected.resources());
        };
    }

    private TokenResult issue(
            DeviceCodeTokenContext ctx, RegisteredClient client, DeviceAuthorization approved, Set<String> resources) {
        if (!approved.clientId().equals(ctx.clientId())) {
            return error(OAuth2ErrorCode.INVALID_GRANT, "The device code was issued to another client");
        }
        return issuer.issue(
                ctx,
                client,
                new TokenIssuer.Grant(
                        approved.subject(),
                        approved.scopes(),
                        approved.authTime(),
                        null,
                        null,
                        null,
                        approved.grantId(),
                        resources,
                        resources,
                        null));
    }

    /**
     * The pending request a user code names, for the verification page.
     *
     * @param userCode the code as the user typed it (case and dashes do not matter)
     * @return the request, when it is pending and unexpired
     */
    public Optional<DeviceAuthorization> pending(String userCode) {
        Instant now = clock.instant();
        return hashOf(userCode)
                .flatMap(devices::findByUserCodeHash)
                .filter(device -> device.status() == DeviceAuthorization.Status.PENDING && !device.isExpiredAt(now));
    }

    /** The user approves the device: its next poll gets the tokens. */
    public boolean approve(String userCode, String subject, Instant authTime) {
        return pending(userCode)
                .map(device -> devices.approve(device.userCodeHash(), subject, device.scopes(), authTime))
                .orElse(false);
    }

    /** The user denies the device: its next poll gets {@code access_denied}. */
    public boolean deny(String userCode) {
        return hashOf(userCode).map(devices::deny).orElse(false);
    }

    /** The keyed hash the store knows a typed code by; none for a code with no letter or digit at all. */
    private Optional<String> hashOf(String userCode) {
        if (userCode == null || UserCodes.normalise(userCode).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(userCodes.hash(userCode));
    }

    /** The client's display name, for the verification page. */
    public String clientName(String clientId) {
        return clients.find(clientId)
                .map(client -> client.clientName() == null ? clientId : client.clientName())
                .orElse(clientId);
    }

    private static OAuth2Error error(OAuth2ErrorCode code, String description) {
        return OAuth2Error.of(code, description);
    }

    /** Builds a {@link ReadyDeviceFlow}; every store and the verification URI are required. */
    public static final class Builder {
        private ClientStore clients;
        private ClientSecretHasher secrets;
        private DeviceCodeStore devices;
        private UserCodeHasher userCodeHasher;
        private RefreshTokenStore refreshTokens;
        private UserAccounts users;
        private String verificationUri;
        private Duration codeTtl = Duration.ofMinutes(10);
        private Duration interval = DeviceAuthorization.DEFAULT_INTERVAL;
        private int maxActivePerClient = DEFAULT_MAX_ACTIVE_PER_CLIENT;
        private Duration refreshTokenTtl = Duration.ofDays(30);
        private Duration refreshGraceWindow = Duration.ZERO;
        private boolean refreshTokenRotation = true;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private ReadyTokenLifecycle lifecycle;

        private Builder() {}

        /**
         * Serves revocation and introspection with this lifecycle, on the flow {@code install} configures,
         * and revokes the access tokens of a grant whose code or refresh token is reused.
         *
         * @param lifecycle the ready token lifecycle, shared by the flows of a design
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009">RFC 7009</a>
         */
        public Builder lifecycle(ReadyTokenLifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        /** The registered clients and the hasher of their secrets. */
        public Builder clients(ClientStore store, ClientSecretHasher hasher) {
            this.clients = store;
            this.secrets = hasher;
            return this;
        }

        /** The device code store. */
        public Builder devices(DeviceCodeStore store) {
            this.devices = store;
            return this;
        }

        /**
         * The keyed hash the device code store keeps user codes as (RFC 8628 section 5.1): every node sharing
         * the store needs the same key. Optional with an {@link InMemoryDeviceCodeStore} (a random key of
         * this process), required with any other store, so that two nodes never disagree silently.
         */
        public Builder userCodeHasher(UserCodeHasher hasher) {
            this.userCodeHasher = Objects.requireNonNull(hasher, "hasher");
            return this;
        }

        /** The refresh token store. */
        public Builder refreshTokens(RefreshTokenStore store) {
            this.refreshTokens = store;
            return this;
        }

        /** The users (for ID token claims). */
        public Builder users(UserAccounts accounts) {
            this.users = accounts;
            return this;
        }

        /** Where users enter their code (the verification page's absolute URL). */
        public Builder verificationUri(String uri) {
            this.verificationUri = uri;
            return this;
        }

        /** The lifetime of device and user codes; 10 minutes by default. */
        public Builder codeTtl(Duration ttl) {
            this.codeTtl = ttl;
            return this;
        }

        /** The polling interval; 5 s by default (RFC 8628 section 3.2). */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /**
         * How many unexpired device authorizations one client may hold; a request past it is answered
         * {@code slow_down} (400). {@value #DEFAULT_MAX_ACTIVE_PER_CLIENT} by default.
         *
         * @param max at least 1
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-5.2">RFC 8628 section 5.2</a>
         */
        public Builder maxActivePerClient(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("A client must be allowed at least one device authorization");
            }
            this.maxActivePerClient = max;
            return this;
        }

        /** The absolute lifetime of a refresh token family; 30 days by default. */
        public Builder refreshTokenTtl(Duration ttl) {
            this.refreshTokenTtl = ttl;
            return this;
        }

        /**
         * Whether refresh tokens rotate at every use, with reuse detection that revokes the family (RFC 9700
         * section 4.14.2); on by default. Off, a refresh answers with the same refresh token, which stays
         * live until the family's absolute expiry or revocation, for a confidential client (the token is
         * constrained by the client's authentication) or a token bound to a DPoP key; a public client's
         * unbound token still rotates. A client of the FAPI 2.0 profile never rotates, whatever this says
         * (FAPI 2.0 Security Profile section 5.3.2.1).
         *
         * @param on whether refresh tokens rotate
         * @return this builder
         * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2">RFC 9700 section
         *     4.14.2</a>
         * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1">FAPI
         *     2.0 Security Profile section 5.3.2.1</a>
         */
        public Builder refreshTokenRotation(boolean on) {
            this.refreshTokenRotation = on;
            return this;
        }

        /** How long a rotated refresh token may be presented again without revoking its family; 0 by default. */
        public Builder refreshGraceWindow(Duration window) {
            this.refreshGraceWindow = window;
            return this;
        }

        /** The clock (tests). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The random source. */
        public Builder random(SecureRandom value) {
            this.random = value;
            return this;
        }

        /** Builds. */
        public ReadyDeviceFlow build() {
            return new ReadyDeviceFlow(this);
        }
    }
}

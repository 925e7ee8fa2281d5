package io.authdesign.flow;

import io.authdesign.TokenType;
import io.authdesign.client.ClientAuthContext;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.ClientVerification;
import io.authdesign.internal.Issuer;
import io.authdesign.jwt.JwtAuthority;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.JwksRoute;
import io.authdesign.lifecycle.IntrospectionRoute;
import io.authdesign.lifecycle.RevocationRoute;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.resource.TokenValidator;
import io.authdesign.resource.UserinfoRoute;
import io.authdesign.store.GrantRevocationStore;
import io.authdesign.token.GrantSettings;
import io.authdesign.token.TokenGrant;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/** What a flow builder accumulated, checked and copied at {@code build()}. */
final class FlowSettings {

    private final String issuer;
    private final Logger logger;
    private final String strategyName;
    private final String description;
    private final Map<String, String> scopes;
    private final List<ClientAuthMethod> methods;
    private final TokenType tokenType;
    private final long tokenTtl;
    private final boolean openId;
    private final Clock clock;
    private final String tokenEndpointPath;
    private final JwtAuthority authority;
    private final SigningAlgorithm accessTokenAlgorithm;
    private final List<SigningAlgorithm> idTokenAlgorithms;
    private final List<String> audiences;
    private final JwksRoute jwksRoute;
    private final boolean useAccessTokenJwks;
    private final TokenValidator validator;
    private final ClientVerification clientVerification;
    private final Map<String, Object> additionalConfiguration;
    private final UserinfoRoute userinfoRoute;
    private final List<TokenGrant<?>> extensionGrants;
    private final Set<String> supportedClaims;
    private final Set<String> supportedAcrValues;
    private final RevocationRoute revocationRoute;
    private final IntrospectionRoute introspectionRoute;
    private final GrantRevocationStore revocations;
    private final AuthEventListener events;

    private FlowSettings(Builder b) {
        this.issuer = Objects.requireNonNull(b.issuer, "issuer");
        this.logger = Objects.requireNonNull(b.logger, "logger");
        this.strategyName = b.strategyName;
        this.description = b.description;
        this.scopes = Collections.unmodifiableMap(new LinkedHashMap<>(b.scopes));
        this.methods = List.copyOf(b.methods);
        this.tokenType = Objects.requireNonNull(b.tokenType, "tokenType");
        this.tokenTtl = b.tokenTtl;
        this.openId = b.openId;
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.tokenEndpointPath = b.tokenEndpointPath;
        this.authority = b.authority;
        this.accessTokenAlgorithm = b.accessTokenAlgorithm;
        this.idTokenAlgorithms = List.copyOf(b.idTokenAlgorithms);
        this.audiences = List.copyOf(b.audiences);
        this.jwksRoute = b.jwksRoute;
        this.useAccessTokenJwks = b.useAccessTokenJwks;
        this.validator = b.validator;
        this.clientVerification = b.clientVerification;
        this.additionalConfiguration = Collections.unmodifiableMap(new LinkedHashMap<>(b.additionalConfiguration));
        this.userinfoRoute = b.userinfoRoute;
        this.extensionGrants = List.copyOf(b.extensionGrants);
        this.supportedClaims = Collections.unmodifiableSet(new LinkedHashSet<>(b.supportedClaims));
        this.supportedAcrValues = Collections.unmodifiableSet(new LinkedHashSet<>(b.supportedAcrValues));
        this.revocationRoute = b.revocationRoute;
        this.introspectionRoute = b.introspectionRoute;
        this.revocations = b.revocations;
        this.events = b.events;
    }

    static Builder builder() {
        return new Builder();
    }

    String issuer() {
        return issuer;
    }

    Logger logger() {
        return logger;
    }

    String strategyName() {
        return strategyName;
    }

    String description() {
        return description;
    }

    Map<String, String> scopes() {
        return scopes;
    }

    List<ClientAuthMethod> methods() {
        return methods;
    }

    TokenType tokenType() {
        return tokenType;
    }

    long tokenTtl() {
        return tokenTtl;
    }

    boolean openId() {
        return openId;
    }

    Clock clock() {
        return clock;
    }

    /** The signing authority, or {@code null} when the flow has no keys. */
    JwtAuthority authority() {
        return authority;
    }

    /** The JWKS route, or {@code null}. */
    JwksRoute jwksRoute() {
        return jwksRoute;
    }

    boolean useAccessTokenJwks() {
        return useAccessTokenJwks;
    }

    /** The resource-side validator, or {@code null}. */
    TokenValidator validator() {
        return validator;
    }

    Map<String, Object> additionalConfiguration() {
        return additionalConfiguration;
    }

    /** The userinfo route, or {@code null}. */
    UserinfoRoute userinfoRoute() {
        return userinfoRoute;
    }

    /** The algorithms ID tokens may be signed with, the default first. */
    List<SigningAlgorithm> idTokenAlgorithms() {
        return idTokenAlgorithms;
    }

    /** The user claims the flow releases, for {@code claims_supported}. */
    Set<String> supportedClaims() {
        return supportedClaims;
    }

    /** The {@code acr} values the flow's sign-ins state, for {@code acr_values_supported}. */
    Set<String> supportedAcrValues() {
        return supportedAcrValues;
    }

    /** The revocation route, or {@code null}. */
    RevocationRoute revocationRoute() {
        return revocationRoute;
    }

    /** The introspection route, or {@code null}. */
    IntrospectionRoute introspectionRoute() {
        return introspectionRoute;
    }

    /** The revocation list protected routes consult, or {@code null}. */
    GrantRevocationStore revocations() {
        return revocations;
    }

    /** Where a stand-alone flow reports its events. */
    AuthEventListener events() {
        return events;
    }

    /** The extension grants the flow serves at its token endpoint. */
    List<TokenGrant<?>> extensionGrants() {
        return extensionGrants;
    }

    /** The path where the token endpoint of a route at {@code routePath} is really served. */
    String endpointPath(String routePath) {
        return tokenEndpointPath != null ? tokenEndpointPath : routePath;
    }

    /** The client authentication context of an endpoint served at exactly {@code path}. */
    ClientAuthContext clientAuthContext(String path) {
        return new ClientAuthContext(issuer, Issuer.url(issuer, path), clock);
    }

    JwtHelpers jwt() {
        return new JwtHelpers(
                authority, issuer, accessTokenAlgorithm, idTokenAlgorithms, tokenTtl, audiences, openId, clock);
    }

    /** What the token endpoint needs of this flow for each of its grants. */
    GrantSettings grantSettings() {
        return new GrantSettings(methods, tokenType, tokenTtl, jwt(), logger, Optional.ofNullable(clientVerification));
    }

    /** Builds {@link FlowSettings}; {@code issuer}, {@code logger}, {@code tokenType} and {@code clock} are required. */
    static final class Builder {
        private String issuer;
        private Logger logger;
        private String strategyName;
        private String description = "";
        private Map<String, String> scopes = Map.of();
        private List<ClientAuthMethod> methods = List.of();
        private TokenType tokenType;
        private long tokenTtl;
        private boolean openId;
        private Clock clock;
        private String tokenEndpointPath;
        private JwtAuthority authority;
        private SigningAlgorithm accessTokenAlgorithm;
        private List<SigningAlgorithm> idTokenAlgorithms = List.of(SigningAlgorithm.RS256);
        private AuthEventListener events = AuthEventListener.NONE;
        private List<String> audiences = List.of();
        private JwksRoute jwksRoute;
        private boolean useAccessTokenJwks;
        private TokenValidator validator;
        private ClientVerification clientVerification;
        private Map<String, Object> additionalConfiguration = Map.of();
        private UserinfoRoute userinfoRoute;
        private List<? extends TokenGrant<?>> extensionGrants = List.of();
        private Set<String> supportedClaims = Set.of();
        private Set<String> supportedAcrValues = Set.of();
        private RevocationRoute revocationRoute;
        private IntrospectionRoute introspectionRoute;
        private GrantRevocationStore revocations;

        private Builder() {}

        Builder revocationRoute(RevocationRoute value) {
            this.revocationRoute = value;
            return this;
        }

        Builder introspectionRoute(IntrospectionRoute value) {
            this.introspectionRoute = value;
            return this;
        }

        Builder revocations(GrantRevocationStore value) {
            this.revocations = value;
            return this;
        }

        Builder events(AuthEventListener value) {
            this.events = Objects.requireNonNull(value, "events");
            return this;
        }

        Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        Builder logger(Logger value) {
            this.logger = value;
            return this;
        }

        Builder strategyName(String value) {
            this.strategyName = value;
            return this;
        }

        Builder description(String value) {
            this.description = value;
            return this;
        }

        Builder scopes(Map<String, String> value) {
            this.scopes = value;
            return this;
        }

        Builder methods(List<ClientAuthMethod> value) {
            this.methods = value;
            return this;
        }

        Builder tokenType(TokenType value) {
            this.tokenType = value;
            return this;
        }

        Builder tokenTtl(long value) {
            this.tokenTtl = value;
            return this;
        }

        Builder openId(boolean value) {
            this.openId = value;
            return this;
        }

        Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The shared token path under a MultipleFlows; {@code null} for a stand-alone flow. */
        Builder tokenEndpointPath(String value) {
            this.tokenEndpointPath = value;
            return this;
        }

        Builder authority(JwtAuthority value) {
            this.authority = value;
            return this;
        }

        Builder accessTokenAlgorithm(SigningAlgorithm value) {
            this.accessTokenAlgorithm = value;
            return this;
        }

        Builder audiences(List<String> value) {
            this.audiences = value;
            return this;
        }

        Builder jwksRoute(JwksRoute value) {
            this.jwksRoute = value;
            return this;
        }

        Builder useAccessTokenJwks(boolean value) {
            this.useAccessTokenJwks = value;
            return this;
        }

        Builder validator(TokenValidator value) {
            this.validator = value;
            return this;
        }

        Builder clientVerification(ClientVerification value) {
            this.clientVerification = value;
            return this;
        }

        Builder additionalConfiguration(Map<String, Object> value) {
            this.additionalConfiguration = value;
            return this;
        }

        Builder userinfoRoute(UserinfoRoute value) {
            this.userinfoRoute = value;
            return this;
        }

        Builder extensionGrants(List<? extends TokenGrant<?>> value) {
            this.extensionGrants = value;
            return this;
        }

        Builder idTokenAlgorithms(List<SigningAlgorithm> value) {
            this.idTokenAlgorithms = value;
            return this;
        }

        Builder supportedClaims(Set<String> value) {
            this.supportedClaims = value;
            return this;
        }

        Builder supportedAcrValues(Set<String> value) {
            this.supportedAcrValues = value;
            return this;
        }

        FlowSettings build() {
            return new FlowSettings(this);
        }
    }
}

package io.authdesign.token;

import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticationMethod;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.JwtHelpers;
import java.util.Objects;
import java.util.Optional;

/**
 * A token request as the token endpoint hands it to a grant's handler: parsed (form body, no repeated
 * parameter), its client authenticated once, its DPoP proof checked once, and the flow's token settings.
 * Every handler context ({@link TokenContext}) is a view of one.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
 */
public final class TokenRequest {

    private final FormRequest form;
    private final ClientAuthentication client;
    private final Optional<String> dpopJkt;
    private final String tokenType;
    private final long ttl;
    private final JwtHelpers jwt;

    private TokenRequest(Builder builder) {
        this.form = Objects.requireNonNull(builder.form, "form");
        this.client = Objects.requireNonNull(builder.client, "client");
        this.dpopJkt = Optional.ofNullable(builder.dpopJkt);
        this.tokenType = Objects.requireNonNull(builder.tokenType, "tokenType");
        this.ttl = builder.ttl;
        this.jwt = Objects.requireNonNull(builder.jwt, "jwt");
    }

    /** Starts a builder (the token endpoint builds requests; tests of handlers may too). */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code grant_type} parameter. */
    public String grantType() {
        return form.param("grant_type").orElseThrow();
    }

    /**
     * A form parameter of the request; empty values count as absent (RFC 6749 section 3.1).
     *
     * @param name the parameter name
     * @return its value
     */
    public Optional<String> parameter(String name) {
        return form.param(name);
    }

    /** The parsed request, with its HTTP request. */
    public FormRequest form() {
        return form;
    }

    /** The HTTP request. */
    public HttpRequest http() {
        return form.http();
    }

    /** The client as its authentication identified it. */
    public ClientAuthentication client() {
        return client;
    }

    /** The client identifier. */
    public String clientId() {
        return client.clientId();
    }

    /** The secret the client presented, for secret methods. */
    public Optional<String> clientSecret() {
        return client.secret();
    }

    /** The client authentication method the client used. */
    public ClientAuthenticationMethod clientAuthMethod() {
        return client.method();
    }

    /** The thumbprint of the key of the request's valid DPoP proof (RFC 9449 section 6). */
    public Optional<String> dpopJkt() {
        return dpopJkt;
    }

    /** The token type of the response: {@code DPoP} with a valid proof, else the flow's. */
    public String tokenType() {
        return tokenType;
    }

    /** The flow's access token lifetime in seconds. */
    public long ttl() {
        return ttl;
    }

    /** The flow's JWT helpers. */
    public JwtHelpers jwt() {
        return jwt;
    }

    @Override
    public String toString() {
        return "TokenRequest[grant_type=" + form.param("grant_type").orElse("") + ", client_id=" + clientId()
                + ", method=" + clientAuthMethod() + "]";
    }

    /** Builds a {@link TokenRequest}; every component but {@code dpopJkt} is required. */
    public static final class Builder {
        private FormRequest form;
        private ClientAuthentication client;
        private String dpopJkt;
        private String tokenType;
        private long ttl;
        private JwtHelpers jwt;

        private Builder() {}

        /** The parsed request. */
        public Builder form(FormRequest form) {
            this.form = form;
            return this;
        }

        /** The authenticated client. */
        public Builder client(ClientAuthentication client) {
            this.client = client;
            return this;
        }

        /** The DPoP proof key's thumbprint, or {@code null} without a proof. */
        public Builder dpopJkt(String dpopJkt) {
            this.dpopJkt = dpopJkt;
            return this;
        }

        /** The response's token type, such as {@code Bearer}. */
        public Builder tokenType(String tokenType) {
            this.tokenType = tokenType;
            return this;
        }

        /** The access token lifetime in seconds. */
        public Builder ttl(long ttl) {
            this.ttl = ttl;
            return this;
        }

        /** The JWT helpers. */
        public Builder jwt(JwtHelpers jwt) {
            this.jwt = jwt;
            return this;
        }

        /** Builds the request. */
        public TokenRequest build() {
            return new TokenRequest(this);
        }
    }
}

package io.authdesign.client;

import java.util.Objects;

/**
 * The name of a client authentication method, as registered for {@code token_endpoint_auth_method}. An
 * open registry: the registered names are constants, {@link #of(String)} makes others.
 *
 * @param value the registered name
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 * @see <a href="https://www.iana.org/assignments/oauth-parameters/oauth-parameters.xhtml#token-endpoint-auth-method">
 *     Token Endpoint Authentication Methods registry</a>
 */
public record ClientAuthenticationMethod(String value) {

    /** HTTP Basic with the form-encoded client id and secret (RFC 6749 section 2.3.1). */
    public static final ClientAuthenticationMethod CLIENT_SECRET_BASIC =
            new ClientAuthenticationMethod("client_secret_basic");
    /** Client id and secret in the request body (RFC 6749 section 2.3.1). */
    public static final ClientAuthenticationMethod CLIENT_SECRET_POST =
            new ClientAuthenticationMethod("client_secret_post");
    /** A JWT signed with the client secret (RFC 7523, OpenID Connect Core section 9). */
    public static final ClientAuthenticationMethod CLIENT_SECRET_JWT =
            new ClientAuthenticationMethod("client_secret_jwt");
    /** A JWT signed with the client's private key (RFC 7523, OpenID Connect Core section 9). */
    public static final ClientAuthenticationMethod PRIVATE_KEY_JWT = new ClientAuthenticationMethod("private_key_jwt");
    /** A public client: the client id alone, no authentication (RFC 6749 section 2.1). */
    public static final ClientAuthenticationMethod NONE = new ClientAuthenticationMethod("none");

    /** Validates the name. */
    public ClientAuthenticationMethod {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("A client authentication method name must not be blank");
        }
    }

    /** The method with this name. */
    public static ClientAuthenticationMethod of(String value) {
        return new ClientAuthenticationMethod(value);
    }

    /**
     * Equal when the values are: written out rather than left to the record's generated method, whose first
     * call links an {@code invokedynamic} bootstrap (about 10 ms interpreted, on the main thread of every
     * start, when the flows put these values in sets).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ClientAuthenticationMethod that && value.equals(that.value);
    }

    /** The value's hash, as {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}

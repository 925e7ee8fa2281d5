package io.authdesign.token;

import java.util.Objects;

/**
 * A {@code grant_type} value. An open registry: the grants AuthDesign implements are constants,
 * {@link #of(String)} makes others.
 *
 * @param value the value as sent in {@code grant_type}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4">RFC 6749 section 4</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.4">RFC 8628 section 3.4</a>
 */
public record GrantType(String value) {

    /** RFC 6749 section 4.1.3. */
    public static final GrantType AUTHORIZATION_CODE = new GrantType("authorization_code");
    /** RFC 6749 section 4.4.2. */
    public static final GrantType CLIENT_CREDENTIALS = new GrantType("client_credentials");
    /** RFC 6749 section 6. */
    public static final GrantType REFRESH_TOKEN = new GrantType("refresh_token");
    /** RFC 8628 section 3.4. */
    public static final GrantType DEVICE_CODE = new GrantType("urn:ietf:params:oauth:grant-type:device_code");

    /** Validates the value. */
    public GrantType {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("A grant type must not be blank");
        }
    }

    /** The grant type with this value. */
    public static GrantType of(String value) {
        return new GrantType(value);
    }

    /**
     * Equal when the values are: written out rather than left to the record's generated method, whose first
     * call links an {@code invokedynamic} bootstrap (about 10 ms interpreted, on the main thread of every
     * start, when the flows put these values in sets).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof GrantType that && value.equals(that.value);
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

package io.authdesign.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The client identified by a request, and how. The library checks the form of the credentials; whether a
 * secret is the right one is decided by the token handler (or a ready-made handler) that receives it.
 *
 * @param clientId the client identifier
 * @param clientSecret the presented secret, or {@code null} when the method has none
 * @param method the method the client used
 * @param issuerAudience whether the client proved itself with a JWT assertion whose {@code aud} is the issuer
 *     identifier alone, as a single string (what the FAPI 2.0 Security Profile section 5.3.2.1 accepts);
 *     false for every other method and for an {@code aud} that is an array or an endpoint's URL
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1">FAPI 2.0
 *     Security Profile section 5.3.2.1</a>
 */
public record ClientAuthentication(
        String clientId, String clientSecret, ClientAuthenticationMethod method, boolean issuerAudience) {

    /** Validates the components. */
    public ClientAuthentication {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(method, "method");
    }

    /**
     * A client identified without a JWT assertion whose {@code aud} is the issuer alone.
     *
     * @param clientId the client identifier
     * @param clientSecret the presented secret, or {@code null} when the method has none
     * @param method the method the client used
     */
    public ClientAuthentication(String clientId, String clientSecret, ClientAuthenticationMethod method) {
        this(clientId, clientSecret, method, false);
    }

    /** The secret, if the method carries one. */
    public Optional<String> secret() {
        return Optional.ofNullable(clientSecret);
    }
}

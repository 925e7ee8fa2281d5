package io.authdesign.token;

import java.util.Objects;

/**
 * The context of a device code token request (a poll): the handler answers with tokens once the user has
 * approved, else {@code authorization_pending}, {@code slow_down}, {@code expired_token} or
 * {@code access_denied}.
 *
 * @param request the token request
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.4">RFC 8628 section 3.4</a>
 */
public record DeviceCodeTokenContext(TokenRequest request) implements TokenContext {

    /** Validates the component. */
    public DeviceCodeTokenContext {
        Objects.requireNonNull(request, "request");
    }

    /** The presented {@code device_code}. */
    public String deviceCode() {
        return request.parameter("device_code").orElseThrow();
    }
}

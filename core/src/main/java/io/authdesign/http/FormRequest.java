package io.authdesign.http;

import java.util.Objects;
import java.util.Optional;

/**
 * A request whose form body has been parsed: what the token and device authorization endpoints hand to
 * client authentication and to grant handlers.
 *
 * @param http the HTTP request
 * @param form its parsed {@code application/x-www-form-urlencoded} body
 */
public record FormRequest(HttpRequest http, FormParameters form) {

    /** Validates the components. */
    public FormRequest {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(form, "form");
    }

    /** A form parameter; empty values count as absent (RFC 6749 section 3.1). */
    public Optional<String> param(String name) {
        return form.get(name);
    }
}

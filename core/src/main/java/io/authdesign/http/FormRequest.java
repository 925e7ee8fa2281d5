package io.authdesign.http;

import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
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

    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * Parses the body of a request to a form endpoint (token, device authorization, revocation,
     * introspection): at most {@link HttpRequest#MAX_BODY_BYTES}, media type
     * {@code application/x-www-form-urlencoded}, valid UTF-8 form encoding, no parameter repeated.
     *
     * @param request the request
     * @return the request with its parsed form
     * @throws OAuth2Exception {@code invalid_request} when a rule is broken
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
     */
    public static FormRequest parse(HttpRequest request) throws OAuth2Exception {
        if (request.bodyLength() > HttpRequest.MAX_BODY_BYTES) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_REQUEST, "The request body is too large");
        }
        if (!request.mediaType().equals(FORM)) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "The request body must be application/x-www-form-urlencoded");
        }
        return new FormRequest(request, FormParameters.parse(request.bodyBytes()));
    }

    /** A form parameter; empty values count as absent (RFC 6749 section 3.1). */
    public Optional<String> param(String name) {
        return form.get(name);
    }
}

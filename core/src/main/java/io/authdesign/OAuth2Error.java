package io.authdesign;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth 2.0 error: a code, an optional human-readable description and an optional URI. Immutable;
 * refine with the {@code with...} copies. A handler returns one to refuse a request; the endpoint turns it
 * into the RFC's JSON body with the right HTTP status.
 *
 * <p>The description is client-facing: put no internal detail in it. On the wire any character that RFC
 * 6749 does not allow in {@code error_description} (outside %x20-21 / %x23-5B / %x5D-7E) is replaced by a
 * space, so a description can never break the response.
 *
 * @param code the error code
 * @param description the {@code error_description}, or {@code null}
 * @param uri the {@code error_uri}, or {@code null}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 */
public record OAuth2Error(OAuth2ErrorCode code, String description, String uri) implements TokenResult {

    /** Validates the code. */
    public OAuth2Error {
        Objects.requireNonNull(code, "code");
    }

    /** An error with a code only. */
    public static OAuth2Error of(OAuth2ErrorCode code) {
        return new OAuth2Error(code, null, null);
    }

    /** An error with a code and a description. */
    public static OAuth2Error of(OAuth2ErrorCode code, String description) {
        return new OAuth2Error(code, description, null);
    }

    /** A copy with another description. */
    public OAuth2Error withDescription(String newDescription) {
        return new OAuth2Error(code, newDescription, uri);
    }

    /** A copy with an {@code error_uri}. */
    public OAuth2Error withUri(String newUri) {
        return new OAuth2Error(code, description, newUri);
    }

    /** The description, if any. */
    public Optional<String> descriptionValue() {
        return Optional.ofNullable(description);
    }

    /**
     * The members of the JSON error body: {@code error}, then {@code error_description} and
     * {@code error_uri} when present, with disallowed characters replaced.
     */
    public Map<String, Object> toJsonObject() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code.value());
        if (description != null && !description.isEmpty()) {
            body.put("error_description", sanitize(description));
        }
        if (uri != null && !uri.isEmpty()) {
            body.put("error_uri", sanitize(uri));
        }
        return body;
    }

    private static String sanitize(String text) {
        if (OAuth2ErrorCode.isErrorText(text)) {
            return text;
        }
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            clean.append(OAuth2ErrorCode.isErrorChar(c) ? c : ' ');
        }
        return clean.toString();
    }
}

package io.authdesign.authorize;

import java.util.Optional;

/**
 * What a page renderer receives: the status to answer with, the form field names, the CSRF token every
 * form must carry as {@value #CSRF_FIELD} (a sign-in form may offer a Cancel button named {@value
 * #CANCEL_FIELD}), the error to show if any, the validated request (absent on
 * errors before the client was validated) and the value a {@code continue} result carried.
 *
 * @param statusCode the HTTP status the page should have
 * @param usernameField the username field name
 * @param passwordField the password field name
 * @param csrfToken the value of the hidden {@value #CSRF_FIELD} field
 * @param error the error code to show, if any
 * @param errorMessage the error message to show, if any
 * @param request the validated request, when there is one
 * @param value the {@code continue} result's value, or {@code null}
 * @param formAction the URL forms must post to (the endpoint, with the authorization request's parameters)
 */
public record RenderContext(
        int statusCode,
        String usernameField,
        String passwordField,
        String csrfToken,
        Optional<String> error,
        Optional<String> errorMessage,
        Optional<AuthorizationRequest> request,
        Object value,
        String formAction) {

    /** The name of the hidden form field that carries the CSRF token. */
    public static final String CSRF_FIELD = "csrf_token";

    /**
     * The name of the sign-in form's Cancel button ({@code <button type="submit" name="cancel"
     * formnovalidate>}): a form submission that carries it (and a valid {@value #CSRF_FIELD}) is answered
     * with {@code access_denied} to the client's redirect URI, in the request's response mode, with {@code
     * state} and {@code iss}; {@code generateCode} is not called, so no one signs in.
     *
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1</a>
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9207">RFC 9207</a>
     */
    public static final String CANCEL_FIELD = "cancel";
}

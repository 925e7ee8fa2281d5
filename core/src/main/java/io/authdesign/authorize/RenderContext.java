package io.authdesign.authorize;

import java.util.Optional;

/**
 * What a page renderer receives: the status to answer with, the form field names, the CSRF token every
 * form must carry as {@value #CSRF_FIELD}, the error to show if any, the validated request (absent on
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
}

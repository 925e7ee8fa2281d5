package io.authdesign.authorize;

import io.authdesign.http.HttpResponse;
import java.util.Optional;

/**
 * What {@code finalizeAuthorization} receives: the result of {@code generateCode}, the complete redirect
 * URI for it (for a code, a denial or an error), the request, and the render helpers.
 *
 * @param authorizationResult the result
 * @param fullRedirectUri the client redirect carrying the result, absent for {@code continue}
 * @param request the validated request
 * @param usernameField the username field name
 * @param passwordField the password field name
 * @param csrfToken the CSRF token for further forms
 * @param response the response that delivers the result to the client in the request's response mode
 *     (a redirect to {@code fullRedirectUri}, or the {@code form_post} page), absent for {@code continue}
 */
public record FinalizeContext(
        AuthorizationResult authorizationResult,
        Optional<String> fullRedirectUri,
        AuthorizationRequest request,
        String usernameField,
        String passwordField,
        String csrfToken,
        Optional<HttpResponse> response) {}

package io.authdesign.authorize;

import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;

/**
 * The built-in sign-in page: a plain form that posts back to the same URL, everything escaped. Its Cancel
 * button ({@link RenderContext#CANCEL_FIELD}, {@code formnovalidate} so that the empty required fields do
 * not stop it) works without JavaScript and sends the client {@code access_denied} (RFC 6749 section
 * 4.1.2.1).
 */
final class DefaultPages {

    private DefaultPages() {}

    static HttpResponse error(RenderContext context, HttpRequest request) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head>"
                + "<body><main><h1>The request cannot be completed</h1><p>"
                + Html.escape(context.error().orElse("invalid_request")) + ": "
                + Html.escape(context.errorMessage().orElse("")) + "</p></main></body></html>";
        return HttpResponse.html(context.statusCode(), html).build();
    }

    static HttpResponse signInOrConsent(RenderContext context, HttpRequest request) {
        return context.value() instanceof ConsentPrompt consent ? consent(context, consent) : signIn(context, request);
    }

    static HttpResponse consent(RenderContext context, ConsentPrompt consent) {
        StringBuilder scopes = new StringBuilder();
        consent.scopes()
                .forEach(scope ->
                        scopes.append("<li>").append(Html.escape(scope)).append("</li>"));
        consent.claims()
                .forEach(claim ->
                        scopes.append("<li>your ").append(Html.escape(claim)).append("</li>"));
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Allow access</title>"
                + "</head><body><main><h1>Allow access?</h1><p>" + Html.escape(consent.clientName())
                + " asks to access your account:</p><ul>" + scopes + "</ul><form method=\"POST\" action=\""
                + Html.escape(context.formAction()) + "\"><input type=\"hidden\" name=\"" + RenderContext.CSRF_FIELD
                + "\" value=\"" + Html.escape(context.csrfToken()) + "\"><button type=\"submit\" name=\""
                + ConsentPrompt.FIELD + "\" value=\"approve\">Allow</button> <button type=\"submit\" name=\""
                + ConsentPrompt.FIELD + "\" value=\"deny\">Deny</button></form></main></body></html>";
        return HttpResponse.html(context.statusCode(), html).build();
    }

    static HttpResponse signIn(RenderContext context, HttpRequest request) {
        String error = context.errorMessage()
                .map(message -> "<p role=\"alert\">" + Html.escape(message) + "</p>")
                .orElse("");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Sign in</title>"
                + "</head><body><main><h1>Sign in</h1>" + error
                + "<form method=\"POST\" action=\"" + Html.escape(context.formAction())
                + "\"><input type=\"hidden\" name=\"" + RenderContext.CSRF_FIELD + "\" value=\""
                + Html.escape(context.csrfToken()) + "\"><p><label>Username <input type=\"text\" name=\""
                + Html.escape(context.usernameField()) + "\" autocomplete=\"username\" required></label></p>"
                + "<p><label>Password <input type=\"password\" name=\"" + Html.escape(context.passwordField())
                + "\" autocomplete=\"current-password\" required></label></p>"
                + "<p><button type=\"submit\">Sign in</button> <button type=\"submit\" name=\""
                + RenderContext.CANCEL_FIELD + "\" value=\"cancel\" formnovalidate>Cancel</button></p>"
                + "</form></main></body></html>";
        return HttpResponse.html(context.statusCode(), html).build();
    }
}

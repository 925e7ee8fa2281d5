package io.authdesign.ready;

import io.authdesign.http.CsrfProtection;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.ready.DeviceVerificationPage.View;

/** The built-in device verification pages: plain forms that post back to the page, everything escaped. */
final class DefaultDevicePages {

    private DefaultDevicePages() {}

    static HttpResponse render(View view, HttpRequest request) {
        String body = switch (view.step()) {
            case ENTER_CODE ->
                "<h1>Connect a device</h1><p>Enter the code shown on your device.</p>" + error(view)
                        + form(
                                view,
                                "<p><label>Code <input type=\"text\" name=\""
                                        + DeviceVerificationPage.USER_CODE_FIELD + "\" value=\""
                                        + escape(view.userCode())
                                        + "\" autocomplete=\"off\" required></label></p>",
                                "Continue");
            case SIGN_IN ->
                "<h1>Sign in</h1><p>to connect a device to " + escape(view.clientName()) + "</p>" + error(view)
                        + form(
                                view,
                                userCode(view) + "<p><label>Username <input type=\"text\" name=\""
                                        + DeviceVerificationPage.USERNAME_FIELD
                                        + "\" autocomplete=\"username\" required></label></p>"
                                        + "<p><label>Password <input type=\"password\" name=\""
                                        + DeviceVerificationPage.PASSWORD_FIELD
                                        + "\" autocomplete=\"current-password\" required></label></p>",
                                "Sign in");
            case CONSENT -> consent(view);
            case APPROVED -> "<h1>Device connected</h1><p>Your device is connected: you can return to it now.</p>";
            case DENIED -> "<h1>Access denied</h1><p>The device was not given access.</p>";
        };
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Connect a device"
                + "</title></head><body><main>" + body + "</main></body></html>";
        return HttpResponse.html(view.status(), html).build();
    }

    private static String consent(View view) {
        StringBuilder scopes = new StringBuilder();
        view.scopes()
                .forEach(scope -> scopes.append("<li>").append(escape(scope)).append("</li>"));
        return "<h1>Allow access?</h1><p>" + escape(view.clientName()) + " asks to access the account of "
                + escape(view.subject()) + ":</p><ul>" + scopes + "</ul><form method=\"POST\" action=\""
                + escape(view.formAction()) + "\">" + csrf(view) + userCode(view) + "<button type=\"submit\" name=\""
                + DeviceVerificationPage.DECISION_FIELD + "\" value=\"approve\">Allow</button> <button type=\"submit\""
                + " name=\"" + DeviceVerificationPage.DECISION_FIELD + "\" value=\"deny\">Deny</button></form>";
    }

    private static String form(View view, String fields, String button) {
        return "<form method=\"POST\" action=\"" + escape(view.formAction()) + "\">" + csrf(view) + fields
                + "<p><button type=\"submit\">" + button + "</button></p></form>";
    }

    private static String csrf(View view) {
        return "<input type=\"hidden\" name=\"" + CsrfProtection.FIELD + "\" value=\"" + escape(view.csrfToken())
                + "\">";
    }

    private static String userCode(View view) {
        return "<input type=\"hidden\" name=\"" + DeviceVerificationPage.USER_CODE_FIELD + "\" value=\""
                + escape(view.userCode()) + "\">";
    }

    private static String error(View view) {
        return view.error()
                .map(message -> "<p role=\"alert\">" + escape(message) + "</p>")
                .orElse("");
    }

    /** Escapes text for an element body or a quoted attribute value (OWASP rules 1 and 2). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '/' -> out.append("&#47;");
                case '`' -> out.append("&#96;");
                case '=' -> out.append("&#61;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

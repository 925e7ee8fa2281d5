package io.authdesign.authorize;

import io.authdesign.http.Cookie;
import io.authdesign.http.FormParameters;
import io.authdesign.jwt.JwtHelpers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code generateCode} receives: the validated request, how it arrived (a GET, or a POST of the
 * sign-in or consent form), the form fields, and a place to set cookies (sessions) on the response.
 */
public final class AuthorizationContext {

    private final AuthorizationRequest request;
    private final String method;
    private final FormParameters form;
    private final String usernameField;
    private final String passwordField;
    private final String issuer;
    private final JwtHelpers jwt;
    private final List<Cookie> cookies = new ArrayList<>();

    /**
     * Creates a context.
     *
     * @param request the validated authorization request
     * @param method {@code GET} or {@code POST}
     * @param form the POSTed form fields (empty for GET)
     * @param usernameField the name of the username field
     * @param passwordField the name of the password field
     * @param issuer the issuer
     */
    public AuthorizationContext(
            AuthorizationRequest request,
            String method,
            FormParameters form,
            String usernameField,
            String passwordField,
            String issuer) {
        this(request, method, form, usernameField, passwordField, issuer, null);
    }

    /**
     * Creates a context whose decision may sign tokens with the flow's keys (the implicit response types).
     *
     * @param request the validated authorization request
     * @param method {@code GET} or {@code POST}
     * @param form the POSTed form fields (empty for GET)
     * @param usernameField the name of the username field
     * @param passwordField the name of the password field
     * @param issuer the issuer
     * @param jwt the flow's JWT helpers, or {@code null} when the endpoint has none
     */
    public AuthorizationContext(
            AuthorizationRequest request,
            String method,
            FormParameters form,
            String usernameField,
            String passwordField,
            String issuer,
            JwtHelpers jwt) {
        this.jwt = jwt;
        this.request = Objects.requireNonNull(request, "request");
        this.method = method;
        this.form = form;
        this.usernameField = usernameField;
        this.passwordField = passwordField;
        this.issuer = issuer;
    }

    /** The validated authorization request (the original's params). */
    public AuthorizationRequest request() {
        return request;
    }

    /** {@code GET}, or {@code POST} for a submitted form. */
    public String method() {
        return method;
    }

    /** Whether this is a form submission. */
    public boolean isPost() {
        return method.equals("POST");
    }

    /** A submitted form field, if present and non-empty. */
    public Optional<String> formField(String name) {
        return form.get(name);
    }

    /** The submitted username, if any. */
    public Optional<String> username() {
        return form.get(usernameField);
    }

    /** The submitted password, if any. */
    public Optional<String> password() {
        return form.get(passwordField);
    }

    /** The name of the username field. */
    public String usernameField() {
        return usernameField;
    }

    /** The name of the password field. */
    public String passwordField() {
        return passwordField;
    }

    /** The issuer. */
    public String issuer() {
        return issuer;
    }

    /**
     * The flow's JWT helpers, to sign the ID token and access token of an implicit response (OpenID Connect
     * Core 1.0 section 3.2.2.5) with the keys and lifetime of the flow's token endpoint.
     *
     * @return the helpers
     * @throws IllegalStateException when the endpoint was made without them
     */
    public JwtHelpers jwt() {
        if (jwt == null) {
            throw new IllegalStateException("This authorization endpoint signs no tokens");
        }
        return jwt;
    }

    /** Sets a cookie on whatever response the endpoint sends (a session, for example). */
    public void setCookie(Cookie cookie) {
        cookies.add(Objects.requireNonNull(cookie, "cookie"));
    }

    /** The cookies set so far. */
    public List<Cookie> cookies() {
        return List.copyOf(cookies);
    }
}

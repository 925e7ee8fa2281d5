package io.authdesign.authorize;

import io.authdesign.http.CsrfProtection;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.RoutePaths;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The authorization endpoint of the authorization code flow, configured in
 * {@code authorizationRoute(route -> ...)}: its path, the sign-in form's field names, the pages, the
 * client check and the {@code generateCode} decision.
 *
 * <p>A GET (or a POST carrying the authorization request itself) and a POST of a form rendered by this
 * endpoint both go through {@code generateCode}; {@code null} shows the sign-in page again (401 after a
 * failed POST). Every form must carry the CSRF token ({@link RenderContext#CSRF_FIELD}); POSTs without it
 * are refused.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.1">RFC 6749 section 4.1.1</a>
 */
public final class AuthorizationRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/authorize";

    /** Decides the outcome of an authorization request. */
    @FunctionalInterface
    public interface CodeGenerator {
        /**
         * Decides.
         *
         * @param context the request, the form and the cookie setter
         * @param request the HTTP request (cookies, headers)
         * @return a result, or {@code null} to show the sign-in page
         * @throws Exception on failure: the user sees an error page
         */
        AuthorizationResult generateCode(AuthorizationContext context, HttpRequest request) throws Exception;
    }

    /** Renders a page. */
    @FunctionalInterface
    public interface Renderer {
        /**
         * Renders.
         *
         * @param context status, fields, CSRF token, error and request
         * @param request the HTTP request
         * @return the response (see {@link HttpResponse#html(int, String)})
         * @throws Exception on failure
         */
        HttpResponse render(RenderContext context, HttpRequest request) throws Exception;
    }

    /** Turns a result into the response. */
    @FunctionalInterface
    public interface Finalizer {
        /**
         * Finalises.
         *
         * @param context the result and its redirect URI
         * @param request the HTTP request
         * @return the response
         * @throws Exception on failure
         */
        HttpResponse finalizeAuthorization(FinalizeContext context, HttpRequest request) throws Exception;
    }

    private String path = DEFAULT_PATH;
    private String usernameField = "username";
    private String passwordField = "password";
    private Renderer getRenderer = DefaultPages::signInOrConsent;
    private Renderer postErrorRenderer = DefaultPages::signIn;
    private Renderer errorRenderer = DefaultPages::error;
    private CodeGenerator generator = (context, request) -> null;
    private Finalizer finalizer;
    private ClientCheck.Validator clientValidator;
    private boolean plainPkceAllowed;
    private boolean implicitAllowed;
    private String sessionCookie;
    private PushedAuthorizationRoute pushed;
    private RequestObjectRoute requestObjects;

    /** Creates the route with its defaults. */
    public AuthorizationRoute() {}

    /** Sets the path; {@value #DEFAULT_PATH} by default. */
    public AuthorizationRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Sets the name of the username form field; {@code username} by default. */
    public AuthorizationRoute setUsernameField(String name) {
        this.usernameField = fieldName(name);
        return this;
    }

    /** Sets the name of the password form field; {@code password} by default. */
    public AuthorizationRoute setPasswordField(String name) {
        this.passwordField = fieldName(name);
        return this;
    }

    private static String fieldName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A form field name must not be blank");
        }
        return name;
    }

    /** Sets the renderer of the page shown when the user must act (sign in, consent). */
    public AuthorizationRoute setGETResponseRenderer(Renderer renderer) {
        this.getRenderer = Objects.requireNonNull(renderer, "renderer");
        return this;
    }

    /** Sets the renderer of the page shown after a failed POST (wrong credentials, bad CSRF token). */
    public AuthorizationRoute setPOSTErrorRenderer(Renderer renderer) {
        this.postErrorRenderer = Objects.requireNonNull(renderer, "renderer");
        return this;
    }

    /**
     * Sets the renderer of the error page shown when the request cannot be redirected to the client
     * (unknown client, unregistered redirect URI, malformed request): RFC 6749 section 4.1.2.1 forbids
     * redirecting those.
     */
    public AuthorizationRoute setErrorRenderer(Renderer renderer) {
        this.errorRenderer = Objects.requireNonNull(renderer, "renderer");
        return this;
    }

    /** Sets the decision. */
    public AuthorizationRoute generateCode(CodeGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
        return this;
    }

    /**
     * Replaces what happens with a result; by default a code, a denial or an error is a 302 to the
     * client's redirect URI and a {@code continue} renders the GET page.
     */
    public AuthorizationRoute finalizeAuthorization(Finalizer finalizer) {
        this.finalizer = Objects.requireNonNull(finalizer, "finalizer");
        return this;
    }

    /**
     * Sets the client check: whether the client exists and the redirect URI is registered for it. Required:
     * nothing is redirected to an unchecked URI.
     *
     * @param validator the check
     * @return this route
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.1.2.3">RFC 6749 section 3.1.2.3</a>
     */
    public AuthorizationRoute validateClient(ClientCheck.Validator validator) {
        this.clientValidator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /**
     * Allows the PKCE {@code plain} method (RFC 7636 section 4.2). Off by default: {@code plain} protects
     * nothing against an attacker who can read the authorization request.
     *
     * @return this route
     */
    public AuthorizationRoute allowPlainPkce() {
        this.plainPkceAllowed = true;
        return this;
    }

    /**
     * Serves the OpenID Connect implicit flow's response types {@code id_token} and {@code id_token token}
     * besides {@code code}: the decision then answers them with {@link AuthorizationResult#tokens}. Off by
     * default, because RFC 9700 section 2.1.2 says clients should not use them (tokens in the front channel,
     * no sender constraint, no PKCE); OpenID Connect Discovery 1.0 section 3 requires them of dynamic
     * OpenID Providers. With it, {@code nonce} is required for them, their default response mode is {@code
     * fragment}, {@code query} is refused for them, and {@code fragment} is accepted for every response type.
     *
     * @return this route
     * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ImplicitFlowAuth">OpenID Connect Core
     *     1.0 section 3.2</a>
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-2.1.2">RFC 9700 section 2.1.2</a>
     */
    public AuthorizationRoute allowImplicitResponseTypes() {
        this.implicitAllowed = true;
        return this;
    }

    /** Whether the implicit response types {@code id_token} and {@code id_token token} are served. */
    public boolean isImplicitAllowed() {
        return implicitAllowed;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The username field name. */
    public String getUsernameField() {
        return usernameField;
    }

    /** The password field name. */
    public String getPasswordField() {
        return passwordField;
    }

    /** The GET renderer. */
    public Renderer getGetRenderer() {
        return getRenderer;
    }

    /** The POST error renderer. */
    public Renderer getPostErrorRenderer() {
        return postErrorRenderer;
    }

    /** The error page renderer. */
    public Renderer getErrorRenderer() {
        return errorRenderer;
    }

    /** The decision. */
    public CodeGenerator getGenerator() {
        return generator;
    }

    /** The finaliser, or {@code null} for the default. */
    public Finalizer getFinalizer() {
        return finalizer;
    }

    /** The client check, or {@code null} when none is set. */
    public ClientCheck.Validator getClientValidator() {
        return clientValidator;
    }

    /**
     * Names the cookie of the sign-in session that the pages' CSRF tokens are bound to (the ready flow sets
     * it): a form then passes only in the browser and session it was made for. Under an https issuer the
     * cookie is looked up under its {@code __Host-} name.
     *
     * @param name the session cookie's name
     * @return this route
     * @see CsrfProtection
     */
    public AuthorizationRoute bindCsrfToSessionCookie(String name) {
        this.sessionCookie = Objects.requireNonNull(name, "name");
        return this;
    }

    /** The session cookie the CSRF tokens are bound to, if named. */
    public Optional<String> getSessionCookie() {
        return Optional.ofNullable(sessionCookie);
    }

    /**
     * Serves pushed authorization requests (RFC 9126) next to this route: clients push the request to a
     * client-authenticated endpoint (default {@code /oauth2/par}) and send only {@code client_id} and the
     * {@code request_uri} they received here.
     *
     * @param configure receives the pushed request route; it needs a store
     * @return this route
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126">RFC 9126</a>
     */
    public AuthorizationRoute pushedAuthorizationRequests(Consumer<PushedAuthorizationRoute> configure) {
        if (pushed == null) {
            pushed = new PushedAuthorizationRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(pushed);
        return this;
    }

    /** The pushed authorization request route, when served. */
    public Optional<PushedAuthorizationRoute> getPushedAuthorizationRequests() {
        return Optional.ofNullable(pushed);
    }

    /**
     * Accepts signed request objects (RFC 9101): the {@code request} parameter, at this endpoint and in
     * pushed authorization requests, verified with the client's keys; its claims supersede the parameters
     * sent beside it. Without this, {@code request} is {@code request_not_supported}.
     *
     * @param configure receives the request object settings; they need the clients' keys
     * @return this route
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9101">RFC 9101</a>
     */
    public AuthorizationRoute requestObjects(Consumer<RequestObjectRoute> configure) {
        if (requestObjects == null) {
            requestObjects = new RequestObjectRoute();
        }
        Objects.requireNonNull(configure, "configure").accept(requestObjects);
        return this;
    }

    /** The request object settings, when request objects are accepted. */
    public Optional<RequestObjectRoute> getRequestObjects() {
        return Optional.ofNullable(requestObjects);
    }

    /** Whether {@code plain} PKCE is allowed. */
    public boolean isPlainPkceAllowed() {
        return plainPkceAllowed;
    }
}

package io.authdesign.authorize;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.http.Cookie;
import io.authdesign.http.CsrfProtection;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormCodec;
import io.authdesign.http.FormParameters;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.BoundedFetch;
import io.authdesign.internal.FailureLog;
import io.authdesign.internal.Issuer;
import io.authdesign.jwt.JwtHelpers;
import io.authdesign.store.PushedRequest;
import io.authdesign.token.ResponseTypes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The authorization endpoint (RFC 6749 section 4.1.1, OpenID Connect Core section 3.1.2). Its checks, in
 * order: parameters parse and none repeats; {@code client_id} present; the application's client check
 * accepts the client and redirect URI (until here errors are an error page, never a redirect); then, with
 * errors redirected to the client with {@code state} and {@code iss}: no request object, response type
 * {@code code}, response mode {@code query}, scope syntax, PKCE, {@code prompt} and {@code max_age};
 * for form submissions the CSRF token. Then {@code generateCode} decides and the finaliser answers. A form
 * submission with the {@value RenderContext#CANCEL_FIELD} field (the sign-in page's Cancel button) is a
 * refusal decided here: {@code access_denied} in the request's response mode, without {@code generateCode}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9207">RFC 9207</a>
 */
public final class AuthorizationEndpoint implements Endpoint.Handler {

    /** The cookie of the pages' CSRF nonce ({@code __Host-} prefixed under an https issuer). */
    static final String CSRF_COOKIE = "authdesign_csrf";

    private final AuthorizationRoute route;
    private final String issuer;
    private final boolean secureCookies;
    private final Logger logger;
    private final CsrfProtection csrf;
    private final Clock clock;
    private final JwtHelpers jwt;
    private volatile java.net.http.HttpClient requestUriClient;

    /**
     * Creates the endpoint.
     *
     * @param route the route: pages, client check, decision
     * @param issuer the issuer, sent as {@code iss} and deciding whether cookies are {@code Secure}
     * @param logger where failures are logged
     */
    public AuthorizationEndpoint(AuthorizationRoute route, String issuer, Logger logger) {
        this(route, issuer, Clock.systemUTC(), logger);
    }

    /**
     * Creates the endpoint.
     *
     * @param route the route: pages, client check, decision
     * @param issuer the issuer, sent as {@code iss} and deciding whether cookies are {@code Secure}
     * @param clock the clock (request object expiry)
     * @param logger where failures are logged
     */
    public AuthorizationEndpoint(AuthorizationRoute route, String issuer, Clock clock, Logger logger) {
        this(route, issuer, clock, logger, null);
    }

    /**
     * Creates the endpoint of a flow whose decision may sign tokens here, as the implicit response types need
     * ({@link AuthorizationContext#jwt()}).
     *
     * @param route the route: pages, client check, decision
     * @param issuer the issuer, sent as {@code iss} and deciding whether cookies are {@code Secure}
     * @param clock the clock (request object expiry)
     * @param logger where failures are logged
     * @param jwt the flow's JWT helpers, or {@code null}
     */
    public AuthorizationEndpoint(AuthorizationRoute route, String issuer, Clock clock, Logger logger, JwtHelpers jwt) {
        this.jwt = jwt;
        this.route = route;
        this.clock = clock;
        this.issuer = issuer;
        this.secureCookies = issuer.startsWith("https:");
        this.logger = logger;
        this.csrf = new CsrfProtection(CSRF_COOKIE, secureCookies, route.getSessionCookie());
    }

    /** An error that is shown on a page, because the redirect URI is not (yet) trusted. */
    private static final class PageError extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient OAuth2Error error;

        PageError(OAuth2Error error) {
            super(error.code().value(), null, false, false);
            this.error = error;
        }
    }

    /** The state of one request: what the pages and redirects need. */
    private final class Exchange {
        final HttpRequest http;
        final CsrfProtection.Nonce nonce;
        final List<Cookie> extraCookies = new java.util.ArrayList<>();
        String formAction;
        Optional<String> pushedRequestUri = Optional.empty();

        Exchange(HttpRequest http) {
            this.http = http;
            this.nonce = csrf.nonce(http);
            this.formAction = route.getPath();
        }

        /**
         * The CSRF token of the forms of this response, bound to the session cookie the browser will hold:
         * the one {@code generateCode} set during this request, if it did.
         */
        String csrfToken() {
            return csrf.token(nonce, csrf.session(http, extraCookies));
        }

        HttpResponse finish(HttpResponse response) {
            Map<String, List<String>> cookies = new LinkedHashMap<>();
            List<String> values = new java.util.ArrayList<>();
            if (nonce.isNew()) {
                values.add(csrf.cookie(nonce).toSetCookieHeader());
            }
            extraCookies.forEach(cookie -> values.add(cookie.toSetCookieHeader()));
            if (!values.isEmpty()) {
                cookies.put("Set-Cookie", values);
            }
            return cookies.isEmpty() ? response : response.withHeaders(cookies);
        }
    }

    @Override
    public HttpResponse handle(HttpRequest http) {
        Exchange exchange = new Exchange(http);
        try {
            return exchange.finish(authorize(exchange));
        } catch (PageError e) {
            return exchange.finish(errorPage(exchange, 400, e.error, Optional.empty()));
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "The authorization endpoint failed on {}", http);
            OAuth2Error failure = OAuth2Responses.failure(e);
            return exchange.finish(errorPage(
                    exchange, failure == OAuth2Responses.SERVER_ERROR ? 500 : 503, failure, Optional.empty()));
        }
    }

    private HttpResponse authorize(Exchange exchange) throws PageError {
        HttpRequest http = exchange.http;
        FormParameters query = parse(http.query());
        FormParameters body =
                http.method().equals("POST") && http.mediaType().equals("application/x-www-form-urlencoded")
                        ? parseBody(http)
                        : FormParameters.empty();
        boolean formSubmission = http.method().equals("POST") && body.asMap().containsKey(RenderContext.CSRF_FIELD);
        FormParameters params = http.method().equals("POST") && !formSubmission ? body : query;
        exchange.formAction = route.getPath() + "?" + encode(params);

        String clientId = params.get("client_id")
                .orElseThrow(() -> pageError("The request is missing the 'client_id' parameter"));
        Optional<PushedRequest> pushedRequest = pushedRequest(params, clientId);
        if (pushedRequest.isPresent()) {
            params = FormParameters.of(pushedRequest.get().parameters());
            exchange.pushedRequestUri = Optional.of(pushedRequest.get().requestUri());
        } else if (params.has("request") && params.has("request_uri")) {
            return requestObjectError(
                    params,
                    clientId,
                    OAuth2Error.of(
                            OAuth2ErrorCode.INVALID_REQUEST,
                            "The request and request_uri parameters cannot be used together"));
        } else if (params.has("request") && route.getRequestObjects().isPresent()) {
            try {
                params = RequestObjects.expand(
                        params, clientId, route.getRequestObjects().get(), issuer, clock);
            } catch (OAuth2Exception e) {
                return requestObjectError(params, clientId, e.error());
            }
        } else if (params.has("request_uri")) {
            try {
                FormParameters fetched = byReference(params, clientId);
                // the sign-in and consent forms carry the fetched object by value: it is fetched once
                exchange.formAction = route.getPath() + "?" + encode(fetched);
                params = RequestObjects.expand(
                        fetched, clientId, route.getRequestObjects().get(), issuer, clock);
            } catch (OAuth2Exception e) {
                return requestObjectError(params, clientId, e.error());
            }
        }
        Optional<String> requestedRedirect = params.get("redirect_uri");
        ClientCheck check;
        try {
            check = route.getClientValidator().validate(clientId, requestedRedirect);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The client check failed for client '{}'", clientId);
            throw new PageError(OAuth2Responses.failure(e));
        }
        if (!(check instanceof ClientCheck.Valid valid)) {
            String reason = ((ClientCheck.Invalid) check).description();
            throw new PageError(OAuth2Error.of(
                    OAuth2ErrorCode.INVALID_REQUEST, reason == null ? "Unknown client or redirect URI" : reason));
        }
        Optional<String> state = params.get("state");
        if (pushedRequest.isEmpty() && mustPush(valid)) {
            return clientResponse(
                    valid.redirectUri(),
                    errorParameters(
                            OAuth2Error.of(
                                    OAuth2ErrorCode.INVALID_REQUEST,
                                    "This client must push its authorization requests (RFC 9126)"),
                            state),
                    errorMode(params));
        }
        AuthorizationRequest request;
        try {
            request = AuthorizationChecks.check(
                    params,
                    clientId,
                    valid,
                    requestedRedirect.isPresent(),
                    route.isPlainPkceAllowed(),
                    route.isImplicitAllowed());
        } catch (OAuth2Exception e) {
            return clientResponse(valid.redirectUri(), errorParameters(e.error(), state), errorMode(params));
        }
        if (formSubmission && !csrfMatches(exchange, body)) {
            return render(
                    route.getPostErrorRenderer(),
                    exchange,
                    403,
                    OAuth2Error.of(OAuth2ErrorCode.ACCESS_DENIED, "The form expired: please try again"),
                    request,
                    null);
        }
        return decide(exchange, request, formSubmission ? body : FormParameters.empty());
    }

    private HttpResponse decide(Exchange exchange, AuthorizationRequest request, FormParameters form) {
        AuthorizationContext context = new AuthorizationContext(
                request,
                form == FormParameters.empty() ? "GET" : "POST",
                form,
                route.getUsernameField(),
                route.getPasswordField(),
                issuer,
                jwt);
        AuthorizationResult result;
        if (context.isPost() && form.has(RenderContext.CANCEL_FIELD)) {
            // RFC 6749 section 4.1.2.1: the user refused at the sign-in page (a form that passed the CSRF
            // check); generateCode is not asked, so nobody signs in and no session is made
            result = AuthorizationResult.deny();
        } else {
            try {
                result = route.getGenerator().generateCode(context, exchange.http);
            } catch (Exception e) {
                FailureLog.log(logger, e, "generateCode failed for client '{}'", request.clientId());
                return clientResponse(request, errorParameters(OAuth2Responses.failure(e), request.state()));
            } finally {
                exchange.extraCookies.addAll(context.cookies());
            }
        }
        if (result instanceof AuthorizationResult.Continue next && next.value() instanceof RetryLater later) {
            return render(
                            route.getPostErrorRenderer(),
                            exchange,
                            later.status(),
                            OAuth2Error.of(OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE, later.message()),
                            request,
                            later)
                    .withHeaders(Map.of("Retry-After", List.of(Long.toString(later.retryAfterSeconds()))));
        }
        if (result == null) {
            return context.isPost()
                    ? render(
                            route.getPostErrorRenderer(),
                            exchange,
                            401,
                            OAuth2Error.of(OAuth2ErrorCode.ACCESS_DENIED, "Wrong username or password"),
                            request,
                            null)
                    : render(route.getGetRenderer(), exchange, 200, null, request, null);
        }
        if (result != null && !matchesResponseType(result, request)) {
            logger.error(
                    "generateCode answered {} to a '{}' request of client '{}'",
                    result.getClass().getSimpleName(),
                    request.responseType(),
                    request.clientId());
            result = AuthorizationResult.error(OAuth2Responses.SERVER_ERROR);
        }
        if ((result instanceof AuthorizationResult.Code
                        || result instanceof AuthorizationResult.Tokens
                        || result instanceof AuthorizationResult.Deny)
                && exchange.pushedRequestUri.isPresent()
                && !route.getPushedAuthorizationRequests()
                        .orElseThrow()
                        .getStore()
                        .consume(exchange.pushedRequestUri.get())
                && result instanceof AuthorizationResult.Code) {
            // RFC 9126 section 4: a request_uri is used up by the authorization response it led to, a code
            // or a refusal (which stays access_denied when a concurrent response used it first)
            result = AuthorizationResult.error(
                    OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request_uri was already used"));
        }
        Optional<Map<String, String>> parameters = responseParameters(result, request);
        Optional<String> fullRedirectUri =
                parameters.map(p -> request.responseMode().equals(ResponseTypes.FRAGMENT)
                        ? request.redirectUri() + "#" + encode(p)
                        : redirectUri(request.redirectUri(), p));
        Optional<HttpResponse> clientResponse = parameters.map(p -> clientResponse(request, p));
        if (route.getFinalizer() != null) {
            try {
                return route.getFinalizer()
                        .finalizeAuthorization(
                                new FinalizeContext(
                                        result,
                                        fullRedirectUri,
                                        request,
                                        route.getUsernameField(),
                                        route.getPasswordField(),
                                        exchange.csrfToken(),
                                        clientResponse),
                                exchange.http);
            } catch (Exception e) {
                FailureLog.log(logger, e, "finalizeAuthorization failed for client '{}'", request.clientId());
                return errorPage(exchange, 500, OAuth2Responses.SERVER_ERROR, Optional.of(request));
            }
        }
        AuthorizationResult decided = result;
        return clientResponse.orElseGet(() -> render(
                route.getGetRenderer(),
                exchange,
                200,
                null,
                request,
                ((AuthorizationResult.Continue) decided).value()));
    }

    /**
     * RFC 9126 section 4: the pushed request a {@code request_uri} names, for this client, while it lives;
     * an unknown, expired, used or foreign {@code request_uri} is an error page (the redirect URI is in the
     * request it does not give).
     */
    private Optional<PushedRequest> pushedRequest(FormParameters params, String clientId) throws PageError {
        Optional<String> requestUri = params.get("request_uri");
        Optional<PushedAuthorizationRoute> pushed = route.getPushedAuthorizationRequests();
        if (requestUri.isEmpty()
                || pushed.isEmpty()
                || !requestUri.get().startsWith(PushedAuthorizationEndpoint.REQUEST_URI_PREFIX)) {
            return Optional.empty();
        }
        Optional<PushedRequest> found = pushed.get().getStore().find(requestUri.get());
        if (found.isEmpty() || !found.get().clientId().equals(clientId)) {
            throw new PageError(OAuth2Error.of(
                    OAuth2ErrorCode.of("invalid_request_uri"), "The request_uri is unknown, expired or already used"));
        }
        return found;
    }

    /**
     * RFC 9101 section 5.2: the parameters with the request object a registered {@code request_uri} holds
     * as {@code request}, fetched within the bounds of {@link RequestObjectRoute}.
     */
    private FormParameters byReference(FormParameters params, String clientId) throws OAuth2Exception {
        String requestUri = params.get("request_uri").orElseThrow();
        if (params.has("request")) {
            throw new OAuth2Exception(OAuth2Error.of(
                    OAuth2ErrorCode.INVALID_REQUEST, "The request and request_uri parameters cannot be used together"));
        }
        Optional<RequestObjectRoute.RequestUriRegistry> registry =
                route.getRequestObjects().flatMap(RequestObjectRoute::getRequestUris);
        if (registry.isEmpty()) {
            throw new OAuth2Exception(OAuth2Error.of(
                    OAuth2ErrorCode.of("request_uri_not_supported"), "Request objects by reference are not accepted"));
        }
        URI uri;
        try {
            uri = new URI(requestUri);
        } catch (URISyntaxException e) {
            throw invalidRequestUri("The request_uri is not a URI");
        }
        boolean registered;
        try {
            registered = (uri.getScheme() != null
                            && (uri.getScheme().equals("https")
                                    || (uri.getScheme().equals("http") && Issuer.isLoopback(uri.getHost()))))
                    && registry.get().isRegistered(clientId, requestUri);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The request_uri check failed for client '{}'", clientId);
            throw new OAuth2Exception(OAuth2Responses.failure(e));
        }
        if (!registered) {
            throw invalidRequestUri("The request_uri is not registered for this client");
        }
        String object;
        try {
            URI withoutFragment = new URI(uri.getScheme(), uri.getRawSchemeSpecificPart(), null);
            BoundedFetch.Answer answer = BoundedFetch.send(
                    requestUriClient(),
                    java.net.http.HttpRequest.newBuilder(withoutFragment)
                            .timeout(RequestObjectRoute.FETCH_TIMEOUT)
                            .header("Accept", "application/oauth-authz-req+jwt, application/jwt")
                            .build(),
                    RequestObjectRoute.MAX_FETCHED_BYTES,
                    RequestObjectRoute.FETCH_TIMEOUT);
            if (answer.status() != 200) {
                logger.warn("Fetching the request_uri of client '{}' answered {}", clientId, answer.status());
                throw invalidRequestUri("The request_uri could not be fetched");
            }
            object = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException | URISyntaxException | IllegalArgumentException e) {
            logger.warn("Fetching the request_uri of client '{}' failed: {}", clientId, e.getMessage());
            throw invalidRequestUri("The request_uri could not be fetched");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw invalidRequestUri("The request_uri could not be fetched");
        }
        Map<String, String> expanded = new java.util.LinkedHashMap<>(params.asMap());
        expanded.remove("request_uri");
        expanded.put("request", object);
        return FormParameters.of(expanded);
    }

    private static OAuth2Exception invalidRequestUri(String description) {
        return new OAuth2Exception(OAuth2Error.of(OAuth2ErrorCode.of("invalid_request_uri"), description));
    }

    /** The client that fetches request objects: no redirects, made at the first fetch. */
    private java.net.http.HttpClient requestUriClient() {
        java.net.http.HttpClient client = requestUriClient;
        if (client == null) {
            synchronized (this) {
                if (requestUriClient == null) {
                    requestUriClient = java.net.http.HttpClient.newBuilder()
                            .connectTimeout(RequestObjectRoute.FETCH_TIMEOUT)
                            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                            .build();
                }
                client = requestUriClient;
            }
        }
        return client;
    }

    /**
     * A refused request object: redirected to the redirect URI sent beside it when that one is the
     * client's, else an error page (the redirect URI inside the object cannot be trusted).
     */
    private HttpResponse requestObjectError(FormParameters params, String clientId, OAuth2Error error)
            throws PageError {
        ClientCheck check;
        try {
            check = route.getClientValidator().validate(clientId, params.get("redirect_uri"));
        } catch (Exception e) {
            FailureLog.log(logger, e, "The client check failed for client '{}'", clientId);
            throw new PageError(OAuth2Responses.failure(e));
        }
        if (check instanceof ClientCheck.Valid valid && params.has("redirect_uri")) {
            return clientResponse(valid.redirectUri(), errorParameters(error, params.get("state")), errorMode(params));
        }
        throw new PageError(error);
    }

    /** RFC 9126 section 5: pushing is required of every client, or of this one. */
    private boolean mustPush(ClientCheck.Valid client) {
        return client.requirePushedRequests()
                || route.getPushedAuthorizationRequests()
                        .map(PushedAuthorizationRoute::isRequired)
                        .orElse(false);
    }

    /** The parameters of the response a result leads to (RFC 6749 4.1.2 and 4.1.2.1, RFC 9207); none for continue. */
    private Optional<Map<String, String>> responseParameters(AuthorizationResult result, AuthorizationRequest request) {
        Map<String, String> parameters = switch (result) {
            case AuthorizationResult.Code code -> {
                Map<String, String> success = new LinkedHashMap<>();
                success.put("code", code.value());
                request.state().ifPresent(state -> success.put("state", state));
                success.put("iss", issuer);
                yield success;
            }
            case AuthorizationResult.Tokens tokens -> {
                // OpenID Connect Core 1.0 section 3.2.2.5, RFC 6749 section 4.2.2; no refresh token, ever
                Map<String, String> success = new LinkedHashMap<>();
                tokens.accessToken().ifPresent(token -> {
                    success.put("access_token", token);
                    success.put("token_type", tokens.tokenType().orElseThrow());
                    success.put("expires_in", Long.toString(tokens.expiresIn().orElseThrow()));
                });
                tokens.scope().ifPresent(scope -> success.put("scope", scope));
                success.put("id_token", tokens.idToken());
                request.state().ifPresent(state -> success.put("state", state));
                success.put("iss", issuer);
                yield success;
            }
            case AuthorizationResult.Deny deny ->
                errorParameters(
                        OAuth2Error.of(OAuth2ErrorCode.ACCESS_DENIED, "The request was denied"), request.state());
            case AuthorizationResult.Error error -> errorParameters(error.error(), request.state());
            case AuthorizationResult.Continue next -> null;
        };
        return Optional.ofNullable(parameters);
    }

    /**
     * A code for a {@code code} request, tokens of its kind for an implicit one ({@code id_token}: an ID token
     * alone; {@code id_token token}: with an access token); a decision that answers otherwise is a fault.
     */
    private static boolean matchesResponseType(AuthorizationResult result, AuthorizationRequest request) {
        return switch (result) {
            case AuthorizationResult.Code code -> !request.isImplicit();
            case AuthorizationResult.Tokens tokens ->
                request.isImplicit()
                        && tokens.accessToken().isPresent()
                                == request.responseType().equals(ResponseTypes.ID_TOKEN_TOKEN);
            default -> true;
        };
    }

    /** The authorization response in the request's response mode: a redirect, or the form_post page. */
    private static HttpResponse clientResponse(AuthorizationRequest request, Map<String, String> parameters) {
        return clientResponse(request.redirectUri(), parameters, request.responseMode());
    }

    /**
     * The response mode of an error found while checking the request: {@code form_post} when asked for, else
     * {@code fragment} for a response type that returns tokens (whether served or not, RFC 6749 section
     * 4.2.2.1) or when asked for and served, else {@code query}.
     */
    private String errorMode(FormParameters params) {
        Optional<String> mode = params.get("response_mode");
        if (mode.filter(FormPostResponse.MODE::equals).isPresent()) {
            return FormPostResponse.MODE;
        }
        boolean fragment = params.get("response_type")
                        .filter(ResponseTypes::isFrontChannel)
                        .isPresent()
                || (route.isImplicitAllowed()
                        && mode.filter(ResponseTypes.FRAGMENT::equals).isPresent());
        return fragment ? ResponseTypes.FRAGMENT : "query";
    }

    private static HttpResponse clientResponse(String redirectUri, Map<String, String> parameters, String mode) {
        return switch (mode) {
            case FormPostResponse.MODE -> FormPostResponse.of(redirectUri, parameters);
            case ResponseTypes.FRAGMENT -> redirect(redirectUri + "#" + encode(parameters));
            default -> redirect(redirectUri(redirectUri, parameters));
        };
    }

    private Map<String, String> errorParameters(OAuth2Error error, Optional<String> state) {
        Map<String, String> parameters = new LinkedHashMap<>();
        error.toJsonObject().forEach((name, value) -> parameters.put(name, String.valueOf(value)));
        state.ifPresent(value -> parameters.put("state", value));
        parameters.put("iss", issuer);
        return parameters;
    }

    /** The redirect URI with parameters added to its query, keeping the query it already has. */
    static String redirectUri(String base, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(base);
        char separator = base.contains("?") ? '&' : '?';
        if (base.endsWith("?") || base.endsWith("&")) {
            separator = 0;
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (separator != 0) {
                uri.append(separator);
            }
            uri.append(FormCodec.encode(parameter.getKey())).append('=').append(FormCodec.encode(parameter.getValue()));
            separator = '&';
        }
        return uri.toString();
    }

    private static HttpResponse redirect(String location) {
        return HttpResponse.redirect(location);
    }

    private HttpResponse render(
            AuthorizationRoute.Renderer renderer,
            Exchange exchange,
            int status,
            OAuth2Error error,
            AuthorizationRequest request,
            Object value) {
        RenderContext context = new RenderContext(
                status,
                route.getUsernameField(),
                route.getPasswordField(),
                exchange.csrfToken(),
                Optional.ofNullable(error).map(e -> e.code().value()),
                Optional.ofNullable(error).map(OAuth2Error::description),
                Optional.ofNullable(request),
                value,
                exchange.formAction);
        try {
            return renderer.render(context, exchange.http);
        } catch (Exception e) {
            FailureLog.log(logger, e, "A page renderer failed");
            return errorPage(exchange, 500, OAuth2Responses.SERVER_ERROR, Optional.ofNullable(request));
        }
    }

    private HttpResponse errorPage(
            Exchange exchange, int status, OAuth2Error error, Optional<AuthorizationRequest> request) {
        RenderContext context = new RenderContext(
                status,
                route.getUsernameField(),
                route.getPasswordField(),
                exchange.csrfToken(),
                Optional.of(error.code().value()),
                Optional.ofNullable(error.description()),
                request,
                null,
                exchange.formAction);
        try {
            return route.getErrorRenderer().render(context, exchange.http);
        } catch (Exception e) {
            FailureLog.log(logger, e, "The error page renderer failed");
            return HttpResponse.html(
                            status, "<!DOCTYPE html><title>Error</title><p>The request cannot be completed.</p>")
                    .build();
        }
    }

    private boolean csrfMatches(Exchange exchange, FormParameters body) {
        return csrf.matches(exchange.http, body.get(RenderContext.CSRF_FIELD));
    }

    private static FormParameters parse(String text) throws PageError {
        try {
            return FormParameters.parse(text);
        } catch (OAuth2Exception e) {
            throw new PageError(e.error());
        }
    }

    private static FormParameters parseBody(HttpRequest http) throws PageError {
        if (http.bodyLength() > HttpRequest.MAX_BODY_BYTES) {
            throw new PageError(OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request body is too large"));
        }
        try {
            return FormParameters.parse(http.body());
        } catch (OAuth2Exception e) {
            throw new PageError(e.error());
        }
    }

    private static PageError pageError(String description) {
        return new PageError(OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, description));
    }

    /** The parameters of the authorization request, form-encoded, without the sign-in form's fields. */
    private static String encode(FormParameters params) {
        return encode(params.asMap());
    }

    private static String encode(Map<String, String> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(FormCodec.encode(name)).append('=').append(FormCodec.encode(value));
        });
        return query.toString();
    }
}

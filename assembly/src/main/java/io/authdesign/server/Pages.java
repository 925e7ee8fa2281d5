package io.authdesign.server;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import io.authdesign.authorize.RenderContext;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.ready.DeviceVerificationPage;
import io.authdesign.ready.Interaction;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.store.ClientLinks;
import io.authdesign.store.ClientStore;
import io.authdesign.store.RegisteredClient;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference server's pages, rendered from Mustache templates (which escape every {@code {{value}}})
 * and served with {@link HttpResponse#html}: no caching, no framing, no referrer. {@link ServerAssembly}
 * installs them; a design of one's own can use the same renderers:
 *
 * <pre>{@code
 * Pages pages = new Pages(clients);
 * code.install(builder).authorizationRoute(route -> route.setGETResponseRenderer(pages::authorize)
 *         .setPOSTErrorRenderer(pages::authorize)
 *         .setErrorRenderer(pages::error));
 * DeviceVerificationPage.builder()....renderer(pages::device).build();
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.3">RFC 8628 section 3.3</a> (the
 *     device page)
 */
public final class Pages {

    private final MustacheFactory mustache = new DefaultMustacheFactory("io/authdesign/server/pages");
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
    private final ClientStore clients;

    /**
     * Creates the pages.
     *
     * @param clients where the pages find the names of the clients they show
     */
    public Pages(ClientStore clients) {
        this.clients = clients;
    }

    /** Renders a template to HTML. */
    String html(String template, Map<String, Object> scope) {
        StringWriter out = new StringWriter();
        compiled.computeIfAbsent(template, name -> mustache.compile(name + ".mustache"))
                .execute(out, scope);
        return out.toString();
    }

    /**
     * The authorization endpoint's page (OpenID Connect Core 1.0 section 3.1.2.3): consent when the ready
     * handler asks for it, else sign-in, with a Cancel button that answers the client {@code access_denied}
     * ({@link RenderContext#CANCEL_FIELD}, RFC 6749 section 4.1.2.1).
     *
     * @param ctx what the authorization endpoint asks to show
     * @param request the request
     * @return the HTML page
     */
    public HttpResponse authorize(RenderContext ctx, HttpRequest request) {
        if (ctx.value() instanceof Interaction.Consent consent) {
            Map<String, Object> scope = base("Allow access", ctx.csrfToken(), ctx.formAction());
            scope.put("client", consent.clientName());
            putLinks(scope, clients.find(consent.clientId()));
            scope.put("subject", consent.subject());
            scope.put("scopes", List.copyOf(consent.scopes()));
            scope.put("claims", List.copyOf(consent.claims()));
            scope.put("decisionField", ReadyAuthorizationCodeFlow.CONSENT_FIELD);
            return HttpResponse.html(ctx.statusCode(), html("consent", scope)).build();
        }
        Map<String, Object> scope = base("Sign in", ctx.csrfToken(), ctx.formAction());
        scope.put("usernameField", ctx.usernameField());
        scope.put("passwordField", ctx.passwordField());
        // RFC 6749 section 4.1.2.1: Cancel sends the client access_denied (the authorization endpoint decides)
        scope.put("cancelField", RenderContext.CANCEL_FIELD);
        ctx.errorMessage().ifPresent(message -> scope.put("error", message));
        ctx.request().ifPresent(authorization -> {
            Optional<RegisteredClient> client = clients.find(authorization.clientId());
            scope.put("client", client.map(Pages::nameOf).orElse(authorization.clientId()));
            putLinks(scope, client);
            authorization.loginHint().ifPresent(hint -> scope.put("loginHint", hint));
        });
        return HttpResponse.html(ctx.statusCode(), html("login", scope)).build();
    }

    /**
     * The device verification page's steps (RFC 8628 section 3.3), on the same templates.
     *
     * @param view the step to show
     * @param request the request
     * @return the HTML page
     */
    public HttpResponse device(DeviceVerificationPage.View view, HttpRequest request) {
        Map<String, Object> scope = base(
                switch (view.step()) {
                    case ENTER_CODE -> "Connect a device";
                    case SIGN_IN -> "Sign in";
                    case CONSENT -> "Allow access";
                    case APPROVED -> "Device connected";
                    case DENIED -> "Access denied";
                },
                view.csrfToken(),
                view.formAction());
        scope.put("userCode", view.userCode());
        view.error().ifPresent(message -> scope.put("error", message));
        String template = switch (view.step()) {
            case ENTER_CODE -> "device";
            case SIGN_IN -> {
                scope.put("usernameField", DeviceVerificationPage.USERNAME_FIELD);
                scope.put("passwordField", DeviceVerificationPage.PASSWORD_FIELD);
                scope.put("client", view.clientName());
                yield "login";
            }
            case CONSENT -> {
                scope.put("client", view.clientName());
                scope.put("subject", view.subject());
                scope.put("scopes", List.copyOf(view.scopes()));
                scope.put("decisionField", DeviceVerificationPage.DECISION_FIELD);
                yield "consent";
            }
            case APPROVED -> {
                scope.put("message", "Your device is connected: you can return to it now.");
                yield "message";
            }
            case DENIED -> {
                scope.put("message", "The device was not given access.");
                yield "message";
            }
        };
        return HttpResponse.html(view.status(), html(template, scope)).build();
    }

    /**
     * The error page of requests that cannot be redirected back to the client (RFC 6749 section 4.1.2.1).
     *
     * @param ctx the error to show
     * @param request the request
     * @return the HTML page
     */
    public HttpResponse error(RenderContext ctx, HttpRequest request) {
        Map<String, Object> scope = base("The request cannot be completed", ctx.csrfToken(), "");
        scope.put("message", ctx.errorMessage().orElse(ctx.error().orElse("invalid_request")));
        return HttpResponse.html(ctx.statusCode(), html("message", scope)).build();
    }

    Map<String, Object> base(String title, String csrf, String action) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("title", title);
        scope.put("csrf", csrf);
        scope.put("action", action);
        return scope;
    }

    /**
     * The client's registered links (RFC 7591 section 2, checked to be https URLs by {@link ClientLinks}):
     * the logo shown beside its name, its home page as the name's link, its privacy policy and terms of
     * service below (OpenID Connect Dynamic Client Registration 1.0 section 2 asks for them to be shown
     * before the user authorizes the client). Mustache escapes each value.
     */
    private static void putLinks(Map<String, Object> scope, Optional<RegisteredClient> client) {
        ClientLinks links = client.map(found -> found.settings().links()).orElse(ClientLinks.NONE);
        if (links.logoUri() != null) {
            scope.put("logoUri", links.logoUri());
        }
        if (links.clientUri() != null) {
            scope.put("clientUri", links.clientUri());
        }
        if (links.policyUri() != null) {
            scope.put("policyUri", links.policyUri());
        }
        if (links.tosUri() != null) {
            scope.put("tosUri", links.tosUri());
        }
    }

    String clientName(String clientId) {
        return clients.find(clientId).map(Pages::nameOf).orElse(clientId);
    }

    private static String nameOf(RegisteredClient client) {
        return client.clientName() == null ? client.clientId() : client.clientName();
    }
}

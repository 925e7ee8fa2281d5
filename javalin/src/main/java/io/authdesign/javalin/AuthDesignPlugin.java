package io.authdesign.javalin;

import io.authdesign.flow.AuthDesign;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.resource.AuthResult;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ResourceAuthenticator;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import io.javalin.security.RouteRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mounts an {@link AuthDesign}'s endpoints on a Javalin 7 application, runs requests on virtual threads and
 * turns off Jetty's per-connection cache of header lines (see {@link #onInitialize(JavalinState)}).
 * The endpoints carry no route roles and are never subject to resource-route authentication: they are the
 * OAuth 2.0 endpoints themselves, and authenticate clients by their own rules.
 *
 * <pre>{@code
 * Javalin app = Javalin.create(config -> {
 *     config.registerPlugin(new AuthDesignPlugin(design));
 *     config.routes.get("/api/me", ctx -> ctx.json(AuthDesignPlugin.credentials(ctx)), AuthDesignPlugin.protect("read"));
 * }).start(9000);
 * }</pre>
 *
 * <p>Routes marked with {@link #protect(String...)} are authenticated with the design's
 * {@link AuthDesign#authenticator()} (or, for an API apart from its authorization server, the
 * {@link #resourceServer(ResourceAuthenticator)} authenticator) before their handler runs (RFC 6750): a refused request gets the 401,
 * 403 or 400 response with its {@code WWW-Authenticate} challenge and the handler does not run; an accepted
 * one carries its {@link Credentials}, read with {@link #credentials(Context)}.
 *
 * <p>The plugin only translates: Javalin's request becomes an {@link HttpRequest}, the endpoint's
 * {@link HttpResponse} is copied back. No OAuth logic lives here.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3">RFC 6749 section 3</a>
 */
public final class AuthDesignPlugin extends Plugin<Void> {

    private static final String CREDENTIALS = AuthDesignPlugin.class.getName() + ".credentials";
    private final AuthDesign design;
    private final ResourceAuthenticator authenticator;

    /**
     * Creates the plugin.
     *
     * @param design the built design whose endpoints to mount
     */
    public AuthDesignPlugin(AuthDesign design) {
        this.design = Objects.requireNonNull(design, "design");
        this.authenticator = design.authenticator();
    }

    private AuthDesignPlugin(ResourceAuthenticator authenticator) {
        this.design = null;
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    /**
     * The plugin of an API that does not host the authorization server: it mounts no endpoint and protects
     * the routes marked with {@link #protect(String...)} with the authenticator, such as a
     * {@link io.authdesign.resource.ResourceServer} checking a remote issuer's tokens (RFC 9068, RFC 7662).
     *
     * <pre>{@code
     * ResourceServer api = ResourceServer.builder().issuer(issuer).publicUrl(url).audience(url).build();
     * Javalin.create(config -> config.registerPlugin(AuthDesignPlugin.resourceServer(api)));
     * }</pre>
     *
     * @param authenticator the authenticator of the protected routes
     * @return the plugin
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 section 3</a>
     */
    public static AuthDesignPlugin resourceServer(ResourceAuthenticator authenticator) {
        return new AuthDesignPlugin(authenticator);
    }

    /**
     * Mounts the endpoints and the guard of protected routes; requests run on virtual threads.
     *
     * <p>Also sets Jetty's header cache size to 0. Jetty keeps, per connection, a trie of the whole header
     * lines it has seen ({@code Authorization} among them, up to 1,024 characters), and looks every new header
     * line up in it character by character before parsing it. A bearer token (RFC 6750 section 2.1) is several
     * hundred characters that the trie walks on each request, and a cached token saves only the copy of its
     * value: on the reference server's {@code GET /api/me} with an ES256 token the lookup was about a tenth of the
     * request's processor time, and each connection's trie holds about 100 KB. An application that sets the
     * size itself with {@code config.jetty.modifyHttpConfiguration} after registering the plugin keeps its own.
     *
     * @param state the application's configuration
     */
    @Override
    public void onInitialize(JavalinState state) {
        state.concurrency.useVirtualThreads = true;
        state.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
        state.http.prefer405over404 = true;
        state.routes.beforeMatched(this::guard);
        for (Endpoint endpoint : design == null ? List.<Endpoint>of() : design.endpoints()) {
            switch (endpoint.method()) {
                case "GET" -> state.routes.get(endpoint.path(), ctx -> serve(endpoint, ctx));
                case "POST" -> state.routes.post(endpoint.path(), ctx -> serve(endpoint, ctx));
                case "PUT" -> state.routes.put(endpoint.path(), ctx -> serve(endpoint, ctx));
                case "DELETE" -> state.routes.delete(endpoint.path(), ctx -> serve(endpoint, ctx));
                default -> throw new IllegalStateException("Unsupported endpoint method " + endpoint.method());
            }
        }
    }

    @Override
    public boolean repeatable() {
        return true;
    }

    /**
     * A route role that protects a route with the design's access tokens.
     *
     * @param scopes the scopes the token must carry
     */
    public record Protected(Set<String> scopes) implements RouteRole {
        /** Copies the scopes. */
        public Protected {
            scopes = Set.copyOf(scopes);
        }
    }

    /**
     * Marks a route as protected: pass the result as a route role.
     *
     * @param requiredScopes scopes the access token must carry (none: any valid token)
     * @return the role
     */
    public static RouteRole protect(String... requiredScopes) {
        return new Protected(Set.of(requiredScopes));
    }

    /**
     * The credentials of the access token that authenticated this request.
     *
     * @param ctx the context of a protected route
     * @return the credentials
     * @throws IllegalStateException when the route is not protected
     */
    public static Credentials credentials(Context ctx) {
        Credentials credentials = ctx.attribute(CREDENTIALS);
        if (credentials == null) {
            throw new IllegalStateException("No credentials: mark the route with AuthDesignPlugin.protect(...)");
        }
        return credentials;
    }

    /** Authenticates requests to protected routes; other routes pass untouched. */
    private void guard(Context ctx) {
        Set<String> scopes = null;
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof Protected protection) {
                if (scopes == null) {
                    // one role, as routes usually have: its immutable set as it is
                    scopes = protection.scopes();
                } else {
                    Set<String> all = new LinkedHashSet<>(scopes);
                    all.addAll(protection.scopes());
                    scopes = all;
                }
            }
        }
        if (scopes == null) {
            return;
        }
        switch (authenticator.guard(requestLine(ctx).build(), scopes)) {
            case AuthResult.Authenticated authenticated -> ctx.attribute(CREDENTIALS, authenticated.credentials());
            case AuthResult.Refused refused -> {
                write(refused.response(), ctx);
                ctx.skipRemainingHandlers();
            }
        }
    }

    /** Answers one request; the endpoint never lets an exception reach Javalin's default error page. */
    private static void serve(Endpoint endpoint, Context ctx) {
        write(
                endpoint.serve(() -> {
                    try (InputStream body = ctx.req().getInputStream()) {
                        return requestLine(ctx)
                                .body(body, ctx.req().getContentLengthLong())
                                .build();
                    }
                }),
                ctx);
    }

    /** The request line and headers. */
    private static HttpRequest.Builder requestLine(Context ctx) {
        HttpServletRequest servlet = ctx.req();
        HttpRequest.Builder request = HttpRequest.builder(servlet.getMethod(), ctx.path())
                .query(ctx.queryString())
                .remoteAddress(ctx.ip());
        for (Enumeration<String> names = servlet.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = servlet.getHeaders(name); values.hasMoreElements(); ) {
                request.header(name, values.nextElement());
            }
        }
        return request;
    }

    /**
     * Copies the endpoint's response. The body goes straight to the response stream (through Javalin's
     * compression): a result set with {@code ctx.result(...)} would be copied through a buffer of the
     * response buffer size (32 KB) allocated for every response.
     */
    private static void write(HttpResponse response, Context ctx) {
        ctx.status(response.status());
        HttpServletResponse servlet = ctx.res();
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Content-Type")) {
                ctx.contentType(header.getValue().get(0));
            } else {
                for (String value : header.getValue()) {
                    servlet.addHeader(name, value);
                }
            }
        }
        if (response.bodyLength() > 0) {
            try {
                response.writeBody(ctx.outputStream());
            } catch (IOException e) {
                throw new UncheckedIOException("The response could not be written", e);
            }
        }
    }
}

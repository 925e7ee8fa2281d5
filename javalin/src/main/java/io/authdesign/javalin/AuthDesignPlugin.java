package io.authdesign.javalin;

import io.authdesign.flow.AuthDesign;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts an {@link AuthDesign}'s endpoints on a Javalin 7 application and runs requests on virtual threads.
 * The endpoints carry no route roles and are never subject to resource-route authentication: they are the
 * OAuth 2.0 endpoints themselves, and authenticate clients by their own rules.
 *
 * <pre>{@code
 * Javalin app = Javalin.create(config -> config.registerPlugin(new AuthDesignPlugin(design))).start(9000);
 * }</pre>
 *
 * <p>The plugin only translates: Javalin's request becomes an {@link HttpRequest}, the endpoint's
 * {@link HttpResponse} is copied back. No OAuth logic lives here.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3">RFC 6749 section 3</a>
 */
public final class AuthDesignPlugin extends Plugin<Void> {

    private static final Logger LOG = LoggerFactory.getLogger(AuthDesignPlugin.class);
    private static final byte[] SERVER_ERROR =
            "{\"error\":\"server_error\",\"error_description\":\"The server could not process the request\"}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNREADABLE_BODY =
            "{\"error\":\"invalid_request\",\"error_description\":\"The request body could not be read\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private final AuthDesign design;

    /**
     * Creates the plugin.
     *
     * @param design the built design whose endpoints to mount
     */
    public AuthDesignPlugin(AuthDesign design) {
        this.design = Objects.requireNonNull(design, "design");
    }

    @Override
    public void onInitialize(JavalinState state) {
        state.concurrency.useVirtualThreads = true;
        for (Endpoint endpoint : design.endpoints()) {
            switch (endpoint.method()) {
                case "GET" -> state.routes.get(endpoint.path(), ctx -> serve(endpoint, ctx));
                case "POST" -> state.routes.post(endpoint.path(), ctx -> serve(endpoint, ctx));
                default -> throw new IllegalStateException("Unsupported endpoint method " + endpoint.method());
            }
        }
    }

    @Override
    public boolean repeatable() {
        return true;
    }

    /** Answers one request; never lets an exception reach Javalin's default error page. */
    static void serve(Endpoint endpoint, Context ctx) {
        HttpResponse response;
        try {
            response = endpoint.handler().handle(toRequest(ctx));
        } catch (IOException e) {
            LOG.debug("Could not read the request body of {} {}", ctx.method(), ctx.path(), e);
            writeError(ctx, 400, UNREADABLE_BODY);
            return;
        } catch (RuntimeException | Error e) {
            // an Error too (AssertionError, StackOverflowError in a handler): Javalin would answer it with
            // an empty text/plain 500 that lacks Cache-Control: no-store
            LOG.error("Endpoint {} {} failed", endpoint.method(), endpoint.path(), e);
            writeError(ctx, 500, SERVER_ERROR);
            return;
        }
        write(response, ctx);
    }

    /** An error the endpoint could not produce itself, in the form of RFC 6749 section 5.2. */
    private static void writeError(Context ctx, int status, byte[] body) {
        ctx.status(status)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .contentType("application/json;charset=UTF-8")
                .result(body);
    }

    /** Translates Javalin's request; reads at most one byte more than the endpoints accept. */
    static HttpRequest toRequest(Context ctx) throws IOException {
        HttpServletRequest servlet = ctx.req();
        HttpRequest.Builder request = HttpRequest.builder(servlet.getMethod(), ctx.path())
                .query(ctx.queryString())
                .remoteAddress(ctx.ip());
        for (String name : Collections.list(servlet.getHeaderNames())) {
            for (String value : Collections.list(servlet.getHeaders(name))) {
                request.header(name, value);
            }
        }
        if (servlet.getContentLengthLong() > HttpRequest.MAX_BODY_BYTES) {
            return request.body(new byte[HttpRequest.MAX_BODY_BYTES + 1]).build();
        }
        try (InputStream body = servlet.getInputStream()) {
            return request.body(body.readNBytes(HttpRequest.MAX_BODY_BYTES + 1)).build();
        }
    }

    private static void write(HttpResponse response, Context ctx) {
        ctx.status(response.status());
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                ctx.contentType(header.getValue().get(0));
            } else {
                header.getValue().forEach(value -> ctx.res().addHeader(header.getKey(), value));
            }
        }
        ctx.result(response.body());
    }
}

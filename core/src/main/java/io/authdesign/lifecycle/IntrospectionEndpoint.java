package io.authdesign.lifecycle;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.client.ClientAuthContext;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.FailureLog;
import io.authdesign.jwt.JwtHelpers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The token introspection endpoint (POST): the token endpoint's form rules and client authentication, a
 * required {@code token}, then the handlers of the flows that accept the client's method, in order, until
 * one answers other than {@link IntrospectionResult#CONTINUE}; a token no handler knows is inactive. The
 * answer is {@code {"active": true, ...}} or only {@code {"active": false}} (RFC 7662 section 2.2), with
 * {@code Cache-Control: no-store}; a refused client is {@code invalid_client} with 401 (section 2.3). When
 * the request accepts {@value #JWT_MEDIA_TYPE} and the flow has keys, the answer is a signed JWT (RFC 9701).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2">RFC 7662 section 2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9701#section-4">RFC 9701 section 4</a>
 */
public final class IntrospectionEndpoint implements Endpoint.Handler {

    /** The media type of a JWT introspection response (RFC 9701 section 4). */
    public static final String JWT_MEDIA_TYPE = "application/token-introspection+jwt";

    private static final OAuth2Error NULL_RESULT =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request was not accepted");

    private final List<Served<IntrospectionRoute>> routes;
    private final PresentedToken requests;
    private final Logger logger;

    /**
     * Creates the endpoint.
     *
     * @param routes the flows' routes, in the order their handlers are asked
     * @param context the issuer, the endpoint's URL (a client assertion's audience) and the clock
     * @param logger where failures are logged
     */
    public IntrospectionEndpoint(List<Served<IntrospectionRoute>> routes, ClientAuthContext context, Logger logger) {
        this.routes = List.copyOf(routes);
        this.requests = new PresentedToken(this.routes, context);
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public HttpResponse handle(HttpRequest http) {
        boolean usedHeader = false;
        try {
            FormRequest form = PresentedToken.parse(http);
            usedHeader = PresentedToken.usesHeader(form);
            PresentedToken.Request request = requests.read(form);
            for (Served<IntrospectionRoute> served : routes) {
                if (!served.accepts(request.client().method())) {
                    continue;
                }
                LifecycleContext ctx = new LifecycleContext(
                        request.token(),
                        request.hint(),
                        request.client(),
                        served.settings().ttl(),
                        served.settings().jwt());
                IntrospectionResult result;
                try {
                    result = served.route().getHandler().introspect(ctx, http);
                } catch (Exception e) {
                    FailureLog.log(logger, e, "The introspection handler failed for client '{}'", ctx.clientId());
                    return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
                }
                switch (result) {
                    case null -> {
                        return OAuth2Responses.error(NULL_RESULT, usedHeader);
                    }
                    case IntrospectionResult.Active active -> {
                        return answer(http, ctx, true, active.members());
                    }
                    case IntrospectionResult.Inactive inactive -> {
                        return answer(http, ctx, false, Map.of());
                    }
                    case IntrospectionResult.Refused refused -> {
                        return refuse(refused.error(), usedHeader);
                    }
                    case IntrospectionResult.Continue next -> {}
                }
            }
            return inactive(http, request);
        } catch (OAuth2Exception e) {
            return refuse(e.error(), usedHeader);
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "The introspection endpoint failed on {}", http);
            return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
        }
    }

    /** RFC 7662 section 2.3: invalid client credentials are a 401, whichever way they were sent. */
    private static HttpResponse refuse(OAuth2Error error, boolean usedHeader) {
        return OAuth2Responses.error(error, usedHeader || error.code().equals(OAuth2ErrorCode.INVALID_CLIENT));
    }

    /** No handler knew the token: inactive, signed with the first flow's keys when a JWT is asked for. */
    private HttpResponse inactive(HttpRequest http, PresentedToken.Request request) {
        Served<IntrospectionRoute> first = routes.get(0);
        LifecycleContext ctx = new LifecycleContext(
                request.token(),
                request.hint(),
                request.client(),
                first.settings().ttl(),
                first.settings().jwt());
        return answer(http, ctx, false, Map.of());
    }

    private static HttpResponse answer(
            HttpRequest http, LifecycleContext ctx, boolean active, Map<String, Object> members) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", active);
        if (active) {
            body.putAll(members);
        }
        JwtHelpers jwt = ctx.jwt();
        if (!wantsJwt(http) || !jwt.isAvailable()) {
            return OAuth2Responses.json(200, body);
        }
        byte[] signed =
                jwt.signIntrospectionResponse(ctx.clientId(), body).token().getBytes(StandardCharsets.US_ASCII);
        return HttpResponse.status(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body(JWT_MEDIA_TYPE, signed)
                .build();
    }

    /** Whether an Accept header names the JWT response type (RFC 9701 section 4). */
    private static boolean wantsJwt(HttpRequest http) {
        return http.headers("Accept").stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(range -> range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .anyMatch(JWT_MEDIA_TYPE::equals);
    }
}

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
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The token revocation endpoint (POST): the token endpoint's form rules and client authentication, a
 * required {@code token}, then the handlers of the flows that accept the client's method, in order, until
 * one answers other than {@link RevocationResult#CONTINUE}. A token no handler knows is answered 200 as a
 * revoked one is (RFC 7009 section 2.2: an invalid token is no error), with an empty body and
 * {@code Cache-Control: no-store}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2">RFC 7009 section 2</a>
 */
public final class RevocationEndpoint implements Endpoint.Handler {

    private static final OAuth2Error NULL_RESULT =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, "The request was not accepted");

    private final List<Served<RevocationRoute>> routes;
    private final PresentedToken requests;
    private final Logger logger;

    /**
     * Creates the endpoint.
     *
     * @param routes the flows' routes, in the order their handlers are asked
     * @param context the issuer, the endpoint's URL (a client assertion's audience) and the clock
     * @param logger where failures are logged
     */
    public RevocationEndpoint(List<Served<RevocationRoute>> routes, ClientAuthContext context, Logger logger) {
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
            for (Served<RevocationRoute> served : routes) {
                if (!served.accepts(request.client().method())) {
                    continue;
                }
                LifecycleContext ctx = new LifecycleContext(
                        request.token(),
                        request.hint(),
                        request.client(),
                        served.settings().ttl(),
                        served.settings().jwt());
                RevocationResult result;
                try {
                    result = served.route().getHandler().revoke(ctx, http);
                } catch (Exception e) {
                    FailureLog.log(logger, e, "The revocation handler failed for client '{}'", ctx.clientId());
                    return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
                }
                switch (result) {
                    case null -> {
                        return OAuth2Responses.error(NULL_RESULT, usedHeader);
                    }
                    case RevocationResult.Revoked revoked -> {
                        return revoked();
                    }
                    case RevocationResult.Refused refused -> {
                        return OAuth2Responses.error(refused.error(), usedHeader);
                    }
                    case RevocationResult.Continue next -> {}
                }
            }
            return revoked();
        } catch (OAuth2Exception e) {
            return OAuth2Responses.error(e.error(), usedHeader);
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "The revocation endpoint failed on {}", http);
            return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
        }
    }

    /** RFC 7009 section 2.2: 200, the body ignored by the client. */
    private static HttpResponse revoked() {
        return HttpResponse.status(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}

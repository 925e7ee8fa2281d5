package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.Json;
import io.authdesign.store.FailureLog;
import java.util.Map;

/** Turns token endpoint results into HTTP responses, by RFC 6749 sections 5.1 and 5.2. */
final class OAuth2Responses {

    static final String JSON = "application/json;charset=UTF-8";

    /** The one message of every unexpected failure; the cause is logged, never sent. */
    static final OAuth2Error SERVER_ERROR =
            OAuth2Error.of(OAuth2ErrorCode.SERVER_ERROR, "The server could not process the request");

    /** The one message of a store outage; the client may retry after {@code Retry-After}. */
    static final OAuth2Error UNAVAILABLE = OAuth2Error.of(
            OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE, "The server is temporarily unavailable: retry shortly");

    private OAuth2Responses() {}

    /**
     * The error for an unexpected failure: {@code temporarily_unavailable} (503) when a store was
     * unreachable, {@code server_error} (500) otherwise.
     */
    static OAuth2Error failure(Throwable e) {
        if (FailureLog.outage(e) != null) {
            return UNAVAILABLE;
        }
        return SERVER_ERROR;
    }

    /** The response for a handler's result; {@code CONTINUE} means no handler accepted the grant. */
    static HttpResponse forResult(TokenResult result, HttpRequest request) {
        return switch (result) {
            case OAuth2TokenResponse tokens -> json(200, tokens.toJsonObject("Bearer"));
            case OAuth2Error error -> error(error, request);
            case TokenResult.Continue ignored ->
                error(OAuth2Error.of(OAuth2ErrorCode.INVALID_GRANT, "The grant was not accepted"), request);
        };
    }

    /**
     * An error response: 401 with {@code WWW-Authenticate} for {@code invalid_client} when the client
     * authenticated with the Authorization header, 500 for {@code server_error}, 503 for
     * {@code temporarily_unavailable}, 400 otherwise.
     */
    static HttpResponse error(OAuth2Error error, HttpRequest request) {
        int status = statusOf(error.code(), request);
        HttpResponse.Builder response = noStore(HttpResponse.status(status));
        if (status == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"oauth2\", charset=\"UTF-8\"");
        }
        if (status == 503) {
            response.header("Retry-After", "5");
        }
        return response.body(JSON, Json.write(error.toJsonObject())).build();
    }

    static int statusOf(OAuth2ErrorCode code, HttpRequest request) {
        if (code.equals(OAuth2ErrorCode.INVALID_CLIENT)) {
            boolean usedHeader = request.header("Authorization")
                    .filter(ClientAuthenticator::isBasic)
                    .isPresent();
            return usedHeader ? 401 : 400;
        }
        if (code.equals(OAuth2ErrorCode.SERVER_ERROR)) {
            return 500;
        }
        if (code.equals(OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE)) {
            return 503;
        }
        return 400;
    }

    /** A 2xx JSON response that must not be cached (tokens, device codes). */
    static HttpResponse json(int status, Map<String, Object> body) {
        return noStore(HttpResponse.status(status)).body(JSON, Json.write(body)).build();
    }

    private static HttpResponse.Builder noStore(HttpResponse.Builder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}

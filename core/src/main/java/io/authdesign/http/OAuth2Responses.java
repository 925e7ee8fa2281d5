package io.authdesign.http;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.internal.FailureLog;
import io.authdesign.internal.Json;
import java.util.List;
import java.util.Map;

/**
 * The JSON responses of the form endpoints (token, device authorization, and the others that answer as
 * RFC 6749 section 5 does): success bodies and error bodies with their status and headers.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 */
public final class OAuth2Responses {

    /** The media type of every JSON body. */
    public static final String JSON = "application/json;charset=UTF-8";

    /** The one message of every unexpected failure; the cause is logged, never sent. */
    public static final OAuth2Error SERVER_ERROR =
            OAuth2Error.of(OAuth2ErrorCode.SERVER_ERROR, "The server could not process the request");

    /** The one message of a store outage; the client may retry after {@code Retry-After}. */
    public static final OAuth2Error UNAVAILABLE = OAuth2Error.of(
            OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE, "The server is temporarily unavailable: retry shortly");

    private OAuth2Responses() {}

    /**
     * The error for an unexpected failure: {@code temporarily_unavailable} (503) when a store was
     * unreachable, {@code server_error} (500) otherwise.
     */
    public static OAuth2Error failure(Throwable e) {
        if (FailureLog.outage(e) != null) {
            return UNAVAILABLE;
        }
        return SERVER_ERROR;
    }

    /** An error response of a request whose client did not authenticate with the Authorization header. */
    public static HttpResponse error(OAuth2Error error) {
        return error(error, false);
    }

    /**
     * An error response: 401 with {@code WWW-Authenticate} for {@code invalid_client} when the client
     * authenticated with the Authorization header (RFC 6749 section 5.2), 500 for {@code server_error},
     * 503 with {@code Retry-After} for {@code temporarily_unavailable}, 400 otherwise.
     *
     * @param error the error
     * @param usedAuthorizationHeader whether the client presented its credentials in the Authorization
     *     header
     * @return the response
     */
    public static HttpResponse error(OAuth2Error error, boolean usedAuthorizationHeader) {
        int status = statusOf(error.code(), usedAuthorizationHeader);
        HttpResponse.Builder response = noStore(HttpResponse.status(status));
        if (status == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"oauth2\", charset=\"UTF-8\"");
        }
        if (status == 503) {
            response.header("Retry-After", "5");
        }
        return response.ownedBody(JSON, Json.write(error.toJsonObject())).build();
    }

    private static int statusOf(OAuth2ErrorCode code, boolean usedAuthorizationHeader) {
        if (code.equals(OAuth2ErrorCode.INVALID_CLIENT)) {
            return usedAuthorizationHeader ? 401 : 400;
        }
        if (code.equals(OAuth2ErrorCode.SERVER_ERROR)) {
            return 500;
        }
        if (code.equals(OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE)) {
            return 503;
        }
        return 400;
    }

    /**
     * The headers of {@link #json}, the same for every such response: one unmodifiable map shared by all, in
     * the order a builder would have put them.
     */
    private static final Map<String, List<String>> JSON_NO_STORE_HEADERS = noStore(HttpResponse.status(200))
            .ownedBody(JSON, new byte[0])
            .build()
            .headers();

    /** A 2xx JSON response that must not be cached (tokens, device codes). */
    public static HttpResponse json(int status, Map<String, Object> body) {
        return json(status, Json.write(body));
    }

    /**
     * A 2xx JSON response that must not be cached, of JSON already written (as {@link
     * io.authdesign.OAuth2TokenResponse#toJson} writes it).
     *
     * @param status the status
     * @param body the UTF-8 JSON, taken as it is (not copied)
     * @return the response
     */
    public static HttpResponse json(int status, byte[] body) {
        return HttpResponse.sharingHeaders(status, JSON_NO_STORE_HEADERS, body);
    }

    private static HttpResponse.Builder noStore(HttpResponse.Builder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}

package io.authdesign.resource;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.http.HttpResponse;
import io.authdesign.internal.FailureLog;
import io.authdesign.internal.Json;
import java.util.Set;

/**
 * The refusals of RFC 6750 section 3 (and RFC 9449 section 7.1), with the {@code WWW-Authenticate}
 * challenge of the token scheme. A {@code scheme} argument may carry the scheme's own parameters after a
 * space, such as {@code DPoP algs="ES256"}: they are appended to every challenge.
 */
final class ResourceResponses {

    private ResourceResponses() {}

    /** 401 without an error code: the request carried no token of this scheme (RFC 6750 section 3.1). */
    public static AuthResult.Refused missingToken(String scheme) {
        return new AuthResult.Refused(HttpResponse.status(401)
                .header("WWW-Authenticate", scheme)
                .header("Cache-Control", "no-store")
                .build());
    }

    /** 401 {@code invalid_token}. */
    public static AuthResult.Refused invalidToken(String scheme, String description) {
        return refused(401, scheme, OAuth2Error.of(OAuth2ErrorCode.INVALID_TOKEN, description), null);
    }

    /** 400 {@code invalid_request}. */
    public static AuthResult.Refused invalidRequest(String scheme, String description) {
        return refused(400, scheme, OAuth2Error.of(OAuth2ErrorCode.INVALID_REQUEST, description), null);
    }

    /** 403 {@code insufficient_scope}, naming the scopes needed. */
    public static AuthResult.Refused insufficientScope(String scheme, Set<String> required) {
        return refused(
                403,
                scheme,
                OAuth2Error.of(OAuth2ErrorCode.INSUFFICIENT_SCOPE, "The access token lacks a required scope"),
                String.join(" ", required));
    }

    /** 503 {@code temporarily_unavailable} with {@code Retry-After}, when a store was unreachable. */
    public static AuthResult.Refused unavailable() {
        OAuth2Error error = OAuth2Error.of(
                OAuth2ErrorCode.TEMPORARILY_UNAVAILABLE, "The server is temporarily unavailable: retry shortly");
        return new AuthResult.Refused(HttpResponse.status(503)
                .header("Cache-Control", "no-store")
                .header("Retry-After", "5")
                .body("application/json;charset=UTF-8", Json.write(error.toJsonObject()))
                .build());
    }

    /** The refusal for an unexpected failure: 503 for a store outage, else 500. */
    public static AuthResult.Refused failure(Throwable e) {
        if (FailureLog.outage(e) != null) {
            return unavailable();
        }
        return serverError();
    }

    /** 500 {@code server_error}, when a validator failed. */
    public static AuthResult.Refused serverError() {
        OAuth2Error error = OAuth2Error.of(OAuth2ErrorCode.SERVER_ERROR, "The server could not process the request");
        return new AuthResult.Refused(HttpResponse.status(500)
                .header("Cache-Control", "no-store")
                .body("application/json;charset=UTF-8", Json.write(error.toJsonObject()))
                .build());
    }

    /** 401 {@code invalid_dpop_proof} (RFC 9449 section 7.1). */
    public static AuthResult.Refused invalidProof(String scheme, String description) {
        return refused(401, scheme, OAuth2Error.of(OAuth2ErrorCode.INVALID_DPOP_PROOF, description), null);
    }

    /** 401 {@code use_dpop_nonce} with the nonce to use (RFC 9449 section 9). */
    public static AuthResult.Refused useNonce(String scheme, String nonce) {
        AuthResult.Refused refused = refused(
                401,
                scheme,
                OAuth2Error.of(OAuth2ErrorCode.USE_DPOP_NONCE, "Use the server-provided DPoP nonce"),
                null);
        return new AuthResult.Refused(
                refused.response().withHeaders(java.util.Map.of("DPoP-Nonce", java.util.List.of(nonce))));
    }

    private static AuthResult.Refused refused(int status, String scheme, OAuth2Error error, String scope) {
        int space = scheme.indexOf(' ');
        String name = space < 0 ? scheme : scheme.substring(0, space);
        String params = space < 0 ? "" : scheme.substring(space + 1);
        StringBuilder challenge = new StringBuilder(name)
                .append(" error=\"")
                .append(error.code().value())
                .append('"');
        String description = (String) error.toJsonObject().get("error_description");
        if (description != null) {
            challenge.append(", error_description=\"").append(description).append('"');
        }
        if (scope != null) {
            challenge.append(", scope=\"").append(scope).append('"');
        }
        if (!params.isEmpty()) {
            challenge.append(", ").append(params);
        }
        return new AuthResult.Refused(HttpResponse.status(status)
                .header("WWW-Authenticate", challenge.toString())
                .header("Cache-Control", "no-store")
                .body("application/json;charset=UTF-8", Json.write(error.toJsonObject()))
                .build());
    }
}

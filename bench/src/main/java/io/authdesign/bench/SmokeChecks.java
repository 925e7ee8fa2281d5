package io.authdesign.bench;

import io.authdesign.dpop.DPoPResult;
import io.authdesign.http.HttpResponse;
import io.authdesign.resource.AuthResult;

/** Fails a benchmark's set-up when its fixture does not do what it should (a 401 is fast, not a figure). */
public final class SmokeChecks {

    private SmokeChecks() {}

    /** The response must be 200; returns its access token. */
    public static String accessToken(HttpResponse response) {
        ok(response);
        String body = response.bodyAsString();
        int start = body.indexOf("\"access_token\":\"") + 16;
        return body.substring(start, body.indexOf('"', start));
    }

    /** The response must be 200. */
    public static HttpResponse ok(HttpResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException("Expected 200, got " + response.status() + " " + response.bodyAsString());
        }
        return response;
    }

    /** The protected route must authenticate. */
    public static AuthResult authenticated(AuthResult result) {
        if (!(result instanceof AuthResult.Authenticated)) {
            throw new IllegalStateException("Not authenticated: " + result);
        }
        return result;
    }

    /** The proof must be valid. */
    public static DPoPResult valid(DPoPResult result) {
        if (!(result instanceof DPoPResult.Valid)) {
            throw new IllegalStateException("DPoP proof refused: " + result);
        }
        return result;
    }
}

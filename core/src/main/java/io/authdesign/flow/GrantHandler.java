package io.authdesign.flow;

import io.authdesign.TokenResult;
import io.authdesign.http.FormRequest;

/** Answers token requests of one {@code grant_type} (STYLE: one handler per grant, found in a map). */
@FunctionalInterface
interface GrantHandler {

    /**
     * Handles a parsed token request whose {@code grant_type} is this handler's.
     *
     * @param request the request
     * @return the result, never {@code null}
     */
    TokenResult handle(FormRequest request);
}

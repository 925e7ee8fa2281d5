package io.authdesign.lifecycle;

import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.client.ClientAuthContext;
import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.ClientAuthentication;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.client.CredentialLocation;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The request both lifecycle endpoints take (RFC 7009 section 2.1, RFC 7662 section 2.1): a form with
 * {@code token} and an optional {@code token_type_hint}, from a client authenticated as at the token
 * endpoint (the same {@link ClientAuthenticator} step) with the methods of every flow served.
 */
final class PresentedToken {

    /** The parts of a request that passed every check. */
    record Request(FormRequest form, ClientAuthentication client, String token, Optional<String> hint) {}

    private final ClientAuthenticator authenticator;

    PresentedToken(List<? extends Served<?>> routes, ClientAuthContext context) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("At least one route is needed");
        }
        Set<ClientAuthMethod> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ClientAuthMethod> methods = new ArrayList<>();
        routes.forEach(
                route -> route.settings().methods().stream().filter(seen::add).forEach(methods::add));
        this.authenticator = new ClientAuthenticator(methods, context);
    }

    /** Whether the client presents its credentials in the Authorization header (a 401 when refused). */
    static boolean usesHeader(FormRequest form) {
        try {
            return ClientAuthenticator.locate(form) == CredentialLocation.AUTHORIZATION_HEADER;
        } catch (OAuth2Exception e) {
            return false;
        }
    }

    /**
     * Parses and authenticates a request.
     *
     * @throws OAuth2Exception {@code invalid_request} for a malformed form or a missing token,
     *     {@code invalid_client} when the client does not authenticate
     */
    Request read(FormRequest form) throws OAuth2Exception {
        ClientAuthentication client = authenticator.require(form, ClientAuthenticator.locate(form));
        String token = form.param("token")
                .orElseThrow(() -> new OAuth2Exception(
                        OAuth2ErrorCode.INVALID_REQUEST, "The request is missing the 'token' parameter"));
        return new Request(form, client, token, form.param("token_type_hint"));
    }

    /** A form request, or the {@code invalid_request} of a malformed one. */
    static FormRequest parse(HttpRequest http) throws OAuth2Exception {
        return FormRequest.parse(http);
    }
}

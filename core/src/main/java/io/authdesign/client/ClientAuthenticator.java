package io.authdesign.client;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.http.FormRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Identifies the client of a token or device authorization request with the methods a flow enables, by
 * the rules of RFC 6749 section 2.3: exactly one method per request, and a method the flow has not
 * enabled is {@code invalid_client}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
 */
public final class ClientAuthenticator {

    /** The description of every failed authentication; it never says which part was wrong. */
    public static final String FAILED = "Client authentication failed";

    private final List<ClientAuthMethod> methods;
    private final ClientAuthContext context;

    /**
     * Creates an authenticator.
     *
     * @param methods the enabled methods, in the order they are tried
     * @param context the endpoint's issuer, URL and clock
     */
    public ClientAuthenticator(List<ClientAuthMethod> methods, ClientAuthContext context) {
        this.methods = List.copyOf(methods);
        this.context = context;
    }

    /** The enabled methods. */
    public List<ClientAuthMethod> methods() {
        return methods;
    }

    /**
     * Authenticates a request: {@link #locate} its credentials, then {@link #authenticate(FormRequest,
     * CredentialLocation)}.
     *
     * @param request the request
     * @return {@link ClientAuthResult.Authenticated} or {@link ClientAuthResult.Rejected}; never
     *     {@code NotApplicable}
     */
    public ClientAuthResult authenticate(FormRequest request) {
        try {
            return authenticate(request, locate(request));
        } catch (OAuth2Exception e) {
            return new ClientAuthResult.Rejected(e.error());
        }
    }

    /**
     * Finds where a request carries its client credentials, by RFC 6749 section 2.3: at most one
     * Authorization header, at most one method per request; a bare {@code client_id} identifies a public
     * client.
     *
     * @param request the request
     * @return the one location
     * @throws OAuth2Exception {@code invalid_request} for several headers or methods, {@code invalid_client}
     *     when the request carries no client identification at all
     */
    public static CredentialLocation locate(FormRequest request) throws OAuth2Exception {
        if (request.http().headers("Authorization").size() > 1) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "The request has more than one Authorization header");
        }
        Set<CredentialLocation> locations = credentialLocations(request);
        if (locations.size() > 1) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "The request uses more than one client authentication method");
        }
        if (!locations.isEmpty()) {
            return locations.iterator().next();
        }
        if (request.param("client_id").isPresent()) {
            return CredentialLocation.CLIENT_ID_ONLY;
        }
        throw new OAuth2Exception(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication is required");
    }

    /**
     * Authenticates the credentials at a location with the enabled methods of that location, in order:
     * the first method that authenticates the client wins; when none does, the first refusal is the
     * answer (a method that does not recognise the credentials lets the next one try).
     *
     * @param request the request
     * @param location where {@link #locate} found the credentials
     * @return {@link ClientAuthResult.Authenticated} or {@link ClientAuthResult.Rejected}
     */
    public ClientAuthResult authenticate(FormRequest request, CredentialLocation location) {
        ClientAuthResult.Rejected firstRefusal = null;
        for (ClientAuthMethod method : methods) {
            if (method.location() != location) {
                continue;
            }
            switch (method.authenticate(request, context)) {
                case ClientAuthResult.Authenticated authenticated -> {
                    return authenticated;
                }
                case ClientAuthResult.Rejected rejected -> {
                    if (firstRefusal == null) {
                        firstRefusal = rejected;
                    }
                }
                case ClientAuthResult.NotApplicable ignored -> {}
            }
        }
        return firstRefusal != null
                ? firstRefusal
                : reject(OAuth2ErrorCode.INVALID_CLIENT, "The client authentication method is not supported");
    }

    /**
     * Authenticates the credentials at a location, as {@link #authenticate(FormRequest, CredentialLocation)},
     * for an endpoint that needs the client or an error: the token endpoint and the revocation and
     * introspection endpoints share this step.
     *
     * @param request the request
     * @param location where {@link #locate} found the credentials
     * @return the authenticated client
     * @throws OAuth2Exception the refusal ({@code invalid_client} unless a method said otherwise)
     */
    public ClientAuthentication require(FormRequest request, CredentialLocation location) throws OAuth2Exception {
        return switch (authenticate(request, location)) {
            case ClientAuthResult.Authenticated authenticated -> authenticated.client();
            case ClientAuthResult.Rejected rejected -> throw new OAuth2Exception(rejected.error());
            case ClientAuthResult.NotApplicable ignored ->
                throw new OAuth2Exception(OAuth2ErrorCode.INVALID_CLIENT, FAILED);
        };
    }

    /** The locations in the request that carry credentials (a bare client_id carries none). */
    static Set<CredentialLocation> credentialLocations(FormRequest request) {
        Set<CredentialLocation> found = EnumSet.noneOf(CredentialLocation.class);
        if (request.http()
                .header("Authorization")
                .filter(ClientAuthenticator::isBasic)
                .isPresent()) {
            found.add(CredentialLocation.AUTHORIZATION_HEADER);
        }
        if (request.param("client_secret").isPresent()) {
            found.add(CredentialLocation.FORM_SECRET);
        }
        if (request.param("client_assertion").isPresent()
                || request.param("client_assertion_type").isPresent()) {
            found.add(CredentialLocation.ASSERTION);
        }
        return found;
    }

    /** Whether an Authorization header value uses the Basic scheme (case-insensitive, RFC 9110 11.1). */
    public static boolean isBasic(String authorization) {
        String trimmed = authorization.stripLeading();
        return trimmed.length() >= 5 && isBasicScheme(trimmed) && (trimmed.length() == 5 || trimmed.charAt(5) == ' ');
    }

    /** Whether the text starts with {@code basic} in ASCII letters of any case (no Unicode case folding). */
    private static boolean isBasicScheme(String text) {
        for (int i = 0; i < 5; i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != "basic".charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static ClientAuthResult reject(OAuth2ErrorCode code, String description) {
        return new ClientAuthResult.Rejected(OAuth2Error.of(code, description));
    }
}

package io.authdesign.client;

import io.authdesign.http.FormRequest;

/**
 * A client authentication method enabled on a flow with {@code addClientAuthenticationMethod}. It extracts
 * the credentials from its {@link #location()} and checks their form; it does not look clients up.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
 */
public interface ClientAuthMethod {

    /** The registered name, advertised in {@code token_endpoint_auth_methods_supported}. */
    ClientAuthenticationMethod method();

    /** Where this method's credentials are. */
    CredentialLocation location();

    /**
     * Extracts and checks the credentials. Called only when the request carries credentials at
     * {@link #location()} and nowhere else.
     *
     * @param request the request
     * @param context the endpoint's issuer, URL and clock
     * @return the client, a rejection, or {@link ClientAuthResult.NotApplicable} to let another method
     *     with the same location try
     */
    ClientAuthResult authenticate(FormRequest request, ClientAuthContext context);
}

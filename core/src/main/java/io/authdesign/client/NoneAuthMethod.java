package io.authdesign.client;

import io.authdesign.http.FormRequest;

/**
 * {@code none}: a public client that identifies itself with {@code client_id} alone and cannot keep a
 * secret (RFC 6749 section 2.1). Such a client must be protected by other means, such as PKCE.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.1">RFC 6749 section 2.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 */
public final class NoneAuthMethod implements ClientAuthMethod {

    /** Creates the method. */
    public NoneAuthMethod() {}

    @Override
    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.NONE;
    }

    @Override
    public CredentialLocation location() {
        return CredentialLocation.CLIENT_ID_ONLY;
    }

    @Override
    public ClientAuthResult authenticate(FormRequest request, ClientAuthContext context) {
        return request.param("client_id")
                .<ClientAuthResult>map(
                        id -> new ClientAuthResult.Authenticated(new ClientAuthentication(id, null, method())))
                .orElse(ClientAuthResult.NotApplicable.INSTANCE);
    }
}

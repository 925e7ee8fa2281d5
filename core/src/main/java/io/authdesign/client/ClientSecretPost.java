package io.authdesign.client;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.http.FormRequest;
import java.util.Optional;

/**
 * {@code client_secret_post}: {@code client_id} and {@code client_secret} in the form body. RFC 6749
 * section 2.3.1 discourages it in favour of {@link ClientSecretBasic}, but many clients use it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3.1">RFC 6749 section 2.3.1</a>
 */
public final class ClientSecretPost implements ClientAuthMethod {

    /** Creates the method. */
    public ClientSecretPost() {}

    @Override
    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.CLIENT_SECRET_POST;
    }

    @Override
    public CredentialLocation location() {
        return CredentialLocation.FORM_SECRET;
    }

    @Override
    public ClientAuthResult authenticate(FormRequest request, ClientAuthContext context) {
        Optional<String> clientId = request.param("client_id");
        Optional<String> secret = request.param("client_secret");
        if (clientId.isEmpty() || secret.isEmpty()) {
            return new ClientAuthResult.Rejected(
                    OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED));
        }
        return new ClientAuthResult.Authenticated(new ClientAuthentication(clientId.get(), secret.get(), method()));
    }
}

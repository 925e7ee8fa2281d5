package io.authdesign.client;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.http.FormCodec;
import io.authdesign.http.FormRequest;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code client_secret_basic}: the client id and secret in an HTTP Basic {@code Authorization} header,
 * each form-url-encoded before being joined with a colon, as RFC 6749 section 2.3.1 requires. The secret
 * may itself contain colons.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3.1">RFC 6749 section 2.3.1</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7617">RFC 7617</a>
 */
public final class ClientSecretBasic implements ClientAuthMethod {

    /** Creates the method. */
    public ClientSecretBasic() {}

    @Override
    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }

    @Override
    public CredentialLocation location() {
        return CredentialLocation.AUTHORIZATION_HEADER;
    }

    @Override
    public ClientAuthResult authenticate(FormRequest request, ClientAuthContext context) {
        Optional<String[]> credentials = request.http().header("Authorization").flatMap(ClientSecretBasic::credentials);
        if (credentials.isEmpty()) {
            return rejected();
        }
        String clientId = credentials.get()[0];
        String secret = credentials.get()[1];
        Optional<String> bodyClientId = request.param("client_id");
        if (bodyClientId.isPresent() && !bodyClientId.get().equals(clientId)) {
            return rejected();
        }
        return new ClientAuthResult.Authenticated(new ClientAuthentication(clientId, secret, method()));
    }

    /** Splits a Basic header into the decoded id and secret, both non-empty. */
    private static Optional<String[]> credentials(String header) {
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(trimmed.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<String> text = FormCodec.utf8(decoded);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int colon = text.get().indexOf(':');
        if (colon <= 0 || colon == text.get().length() - 1) {
            return Optional.empty();
        }
        Optional<String> id = FormCodec.decode(text.get().substring(0, colon));
        Optional<String> secret = FormCodec.decode(text.get().substring(colon + 1));
        if (id.isEmpty()
                || secret.isEmpty()
                || id.get().isEmpty()
                || secret.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {id.get(), secret.get()});
    }

    private static ClientAuthResult rejected() {
        return new ClientAuthResult.Rejected(
                OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED));
    }
}

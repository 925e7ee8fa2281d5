package io.authdesign.client;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.http.FormCodec;
import io.authdesign.http.FormRequest;
import java.util.Base64;
import java.util.List;
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

    private static final String BASIC = "Basic";

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
        List<String> headers = request.http().headers("Authorization");
        String[] credentials = headers.isEmpty() ? null : credentials(headers.get(0));
        if (credentials == null) {
            return rejected();
        }
        String clientId = credentials[0];
        String secret = credentials[1];
        Optional<String> bodyClientId = request.param("client_id");
        if (bodyClientId.isPresent() && !bodyClientId.get().equals(clientId)) {
            return rejected();
        }
        return new ClientAuthResult.Authenticated(new ClientAuthentication(clientId, secret, method()));
    }

    /** Splits a Basic header into the decoded id and secret, both non-empty; {@code null} when malformed. */
    private static String[] credentials(String header) {
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        if (space != BASIC.length() || !trimmed.regionMatches(true, 0, BASIC, 0, space)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(latin1(trimmed, space + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        // the id and the secret are decoded from their own ranges of the bytes, without the whole text: the
        // colon is ASCII, and no byte of another character's UTF-8 encoding is ASCII
        int colon = indexOf(decoded, (byte) ':');
        if (colon <= 0 || colon == decoded.length - 1) {
            return null;
        }
        Optional<String> id = FormCodec.utf8(decoded, 0, colon).flatMap(FormCodec::decode);
        Optional<String> secret =
                FormCodec.utf8(decoded, colon + 1, decoded.length - colon - 1).flatMap(FormCodec::decode);
        if (id.isEmpty()
                || secret.isEmpty()
                || id.get().isEmpty()
                || secret.get().isEmpty()) {
            return null;
        }
        return new String[] {id.get(), secret.get()};
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The ISO-8859-1 bytes of the text from {@code from} on, leading white space skipped, as
     * {@code substring(from).strip().getBytes(ISO_8859_1)} gives them (a character beyond it becomes
     * {@code '?'}, which no Base64 decoder accepts) without the intermediate strings.
     */
    private static byte[] latin1(String text, int from) {
        int start = from;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        byte[] bytes = new byte[text.length() - start];
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(start + i);
            bytes[i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return bytes;
    }

    private static ClientAuthResult rejected() {
        return new ClientAuthResult.Rejected(
                OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED));
    }
}

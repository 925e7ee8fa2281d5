package io.authdesign.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a client registered for people to see: its home page, its logo, its privacy policy and its terms of
 * service. Sign-in and consent pages show them, so that a user knows which application asks (OpenID Connect
 * Dynamic Client Registration 1.0 section 2 asks the server to display {@code logo_uri}, and to show
 * {@code policy_uri} and {@code tos_uri} to the user before they authorize the client).
 *
 * <p>Each value is {@code null} or an absolute {@code https} URL ({@code http} only on a loopback host, for
 * development) without user information: a page shows it as a link or an image, so a {@code javascript:}
 * or {@code data:} URL, which would run or embed content chosen by whoever registered the client, is
 * refused (RFC 7591 section 5).
 *
 * @param clientUri the client's home page ({@code client_uri}), or {@code null}
 * @param logoUri the client's logo ({@code logo_uri}), or {@code null}
 * @param policyUri how the client uses the user's data ({@code policy_uri}), or {@code null}
 * @param tosUri the client's terms of service ({@code tos_uri}), or {@code null}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 * @see <a href="https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata">OpenID Connect
 *     Dynamic Client Registration 1.0 section 2</a>
 */
public record ClientLinks(String clientUri, String logoUri, String policyUri, String tosUri) {

    /** No links. */
    public static final ClientLinks NONE = new ClientLinks(null, null, null, null);

    /**
     * Checks each link.
     *
     * @throws IllegalArgumentException when a value is not an absolute https URL
     */
    public ClientLinks {
        check("client_uri", clientUri);
        check("logo_uri", logoUri);
        check("policy_uri", policyUri);
        check("tos_uri", tosUri);
    }

    /** Whether no link is set. */
    public boolean isEmpty() {
        return clientUri == null && logoUri == null && policyUri == null && tosUri == null;
    }

    private static void check(String name, String value) {
        if (value == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw refused(name, value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean loopback =
                host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
        boolean allowed = scheme.equals("https") || (scheme.equals("http") && loopback);
        if (!allowed || host == null || uri.getRawUserInfo() != null) {
            throw refused(name, value);
        }
    }

    private static IllegalArgumentException refused(String name, String value) {
        return new IllegalArgumentException(name + " must be an absolute https URL without user information (http"
                + " only on a loopback host): " + value);
    }
}

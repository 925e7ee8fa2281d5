package io.authdesign.token;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The response types of the authorization endpoint: {@code code}, always served, and the OpenID Connect
 * implicit flow's {@code id_token} and {@code id_token token}, served only after the explicit opt-in
 * {@code AuthorizationRoute.allowImplicitResponseTypes()}. A response type is a space-delimited list whose
 * order does not matter (RFC 6749 section 3.1.1), so {@code token id_token} is {@code id_token token}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.1.1">RFC 6749 section 3.1.1</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ImplicitAuthRequest">OpenID Connect Core
 *     1.0 section 3.2.2.1</a>
 * @see <a href="https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html">OAuth 2.0 Multiple Response
 *     Type Encoding Practices</a>
 */
public final class ResponseTypes {

    /** The authorization code flow's response type. */
    public static final String CODE = "code";

    /** The implicit flow's response type that returns an ID token only (OIDC Core 1.0 section 3.2.2.1). */
    public static final String ID_TOKEN = "id_token";

    /** The implicit flow's response type that returns an ID token and an access token. */
    public static final String ID_TOKEN_TOKEN = "id_token token";

    /** The implicit flow's response types, in the order discovery lists them. */
    public static final List<String> IMPLICIT = List.of(ID_TOKEN, ID_TOKEN_TOKEN);

    /** The response mode of the implicit response types' default (Multiple Response Types section 5). */
    public static final String FRAGMENT = "fragment";

    private ResponseTypes() {}

    /**
     * The canonical spelling of one of the response types this library knows ({@link #CODE}, {@link
     * #ID_TOKEN}, {@link #ID_TOKEN_TOKEN}), whatever the order of its words; empty for any other value.
     *
     * @param value a {@code response_type} value
     * @return its canonical spelling, if known
     */
    public static Optional<String> canonical(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Set<String> words = new TreeSet<>(List.of(value.strip().split(" +")));
        if (words.size() != value.strip().split(" +").length) {
            return Optional.empty(); // a repeated word is no response type
        }
        if (words.equals(Set.of(CODE))) {
            return Optional.of(CODE);
        }
        if (words.equals(Set.of(ID_TOKEN))) {
            return Optional.of(ID_TOKEN);
        }
        if (words.equals(Set.of("id_token", "token"))) {
            return Optional.of(ID_TOKEN_TOKEN);
        }
        return Optional.empty();
    }

    /**
     * Whether a response type returns its results in the front channel (it has {@code token} or {@code
     * id_token}): its default response mode is then {@code fragment} and {@code query} is refused for it
     * (Multiple Response Type Encoding Practices sections 3 and 5, RFC 6749 section 4.2.2). Unknown values
     * count, so that even the error for an unsupported {@code token} request goes to the fragment.
     *
     * @param value a {@code response_type} value
     * @return whether it is a front-channel response type
     */
    public static boolean isFrontChannel(String value) {
        if (value == null) {
            return false;
        }
        List<String> words = List.of(value.strip().split(" +"));
        return words.contains("token") || words.contains(ID_TOKEN);
    }
}

package io.authdesign;

import io.authdesign.internal.Json;
import io.authdesign.internal.JsonOutput;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A successful token response, built fluently by a token handler. {@code token_type} defaults to the
 * flow's token type when the handler does not set it, since RFC 6749 requires it.
 *
 * <pre>{@code
 * return new OAuth2TokenResponse(accessToken)
 *         .setExpiresIn(ctx.ttl())
 *         .setTokenType(ctx.tokenType())
 *         .setScope("read write")
 *         .setRefreshToken(refreshToken);
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.1">RFC 6749 section 5.1</a>
 */
public final class OAuth2TokenResponse implements TokenResult {

    /** The standard members in the order {@link #toJsonObject} writes them. */
    private static final String[] STANDARD_ORDER = {
        "access_token", "token_type", "expires_in", "refresh_token", "scope", "id_token"
    };

    /** The standard members, for the checks of extra parameters. */
    private static final Set<String> STANDARD = Set.of(STANDARD_ORDER);

    private String accessToken;
    private String tokenType;
    private Long expiresIn;
    private String refreshToken;
    private String scope;
    private String idToken;
    private Map<String, Object> additional = Map.of(); // a LinkedHashMap from the first set(name, value)

    /**
     * Creates a response for an access token.
     *
     * @param accessToken the {@code access_token}; never empty
     */
    public OAuth2TokenResponse(String accessToken) {
        setAccessToken(accessToken);
    }

    /** Sets the {@code access_token}. */
    public OAuth2TokenResponse setAccessToken(String accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        if (accessToken.isEmpty()) {
            throw new IllegalArgumentException("access_token must not be empty");
        }
        this.accessToken = accessToken;
        return this;
    }

    /** Sets the {@code token_type}, such as {@code Bearer} or {@code DPoP}. */
    public OAuth2TokenResponse setTokenType(String tokenType) {
        this.tokenType = tokenType;
        return this;
    }

    /** Sets the {@code token_type} from a token type's prefix. */
    public OAuth2TokenResponse setTokenType(TokenType tokenType) {
        return setTokenType(tokenType == null ? null : tokenType.prefix());
    }

    /** Sets {@code expires_in}, the access token's lifetime in seconds. */
    public OAuth2TokenResponse setExpiresIn(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("expires_in must not be negative");
        }
        this.expiresIn = seconds;
        return this;
    }

    /** Sets the {@code refresh_token}. */
    public OAuth2TokenResponse setRefreshToken(String refreshToken) {
        this.refreshToken = refreshToken;
        return this;
    }

    /** Sets the granted {@code scope}, a space-delimited list. */
    public OAuth2TokenResponse setScope(String scope) {
        this.scope = scope;
        return this;
    }

    /** Sets the granted {@code scope} from its values, joined with spaces. */
    public OAuth2TokenResponse setScope(Collection<String> scopes) {
        return setScope(scopes == null ? null : String.join(" ", scopes));
    }

    /** Sets the OpenID Connect {@code id_token}. */
    public OAuth2TokenResponse setIdToken(String idToken) {
        this.idToken = idToken;
        return this;
    }

    /**
     * Adds a response parameter that RFC 6749 does not define (for example {@code authorization_details}).
     *
     * @param name the parameter name; not one of the standard names, which have their own setters
     * @param value a JSON-serialisable value (string, number, boolean, list, map)
     * @return this response
     */
    public OAuth2TokenResponse set(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (STANDARD.contains(name)) {
            throw new IllegalArgumentException("Use the typed setter for the standard parameter '" + name + "'");
        }
        if (additional.isEmpty()) {
            additional = new LinkedHashMap<>();
        }
        additional.put(name, value);
        return this;
    }

    /** The {@code access_token}. */
    public String getAccessToken() {
        return accessToken;
    }

    /** The {@code token_type}, if set. */
    public Optional<String> getTokenType() {
        return Optional.ofNullable(tokenType);
    }

    /** The {@code expires_in}, if set. */
    public Optional<Long> getExpiresIn() {
        return Optional.ofNullable(expiresIn);
    }

    /** The {@code refresh_token}, if set. */
    public Optional<String> getRefreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    /** The {@code scope}, if set. */
    public Optional<String> getScope() {
        return Optional.ofNullable(scope);
    }

    /** The {@code id_token}, if set. */
    public Optional<String> getIdToken() {
        return Optional.ofNullable(idToken);
    }

    /** The parameters added with {@link #set(String, Object)}. */
    public Map<String, Object> getAdditionalParameters() {
        return Collections.unmodifiableMap(additional);
    }

    /**
     * The JSON members of the response, standard ones first, absent ones left out.
     *
     * @param defaultTokenType the {@code token_type} to use when none was set
     * @return the members in serialisation order
     */
    public Map<String, Object> toJsonObject(String defaultTokenType) {
        Map<String, Object> body = LinkedHashMap.newLinkedHashMap(STANDARD.size() + additional.size());
        body.put("access_token", accessToken);
        body.put("token_type", tokenType != null && !tokenType.isEmpty() ? tokenType : defaultTokenType);
        putIfPresent(body, "expires_in", expiresIn);
        putIfPresent(body, "refresh_token", refreshToken);
        putIfPresent(body, "scope", scope);
        putIfPresent(body, "id_token", idToken);
        body.putAll(additional);
        return body;
    }

    /**
     * The response's JSON, the members of {@link #toJsonObject} in its order, written without building its map:
     * the body of the token endpoint's answer.
     *
     * @param defaultTokenType the {@code token_type} to use when none was set
     * @return the UTF-8 JSON
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-5.1">RFC 6749 section 5.1</a>
     */
    public byte[] toJson(String defaultTokenType) {
        String type = tokenType != null && !tokenType.isEmpty() ? tokenType : defaultTokenType;
        byte[] json = type == null
                ? null
                : JsonOutput.writeObject(
                        STANDARD_ORDER,
                        new Object[] {
                            accessToken, type, expiresIn, present(refreshToken), present(scope), present(idToken)
                        },
                        additional);
        return json != null ? json : Json.write(toJsonObject(defaultTokenType));
    }

    /** The value, or {@code null} when it is absent or empty, as {@link #putIfPresent} leaves it out. */
    private static String present(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null && !(value instanceof String text && text.isEmpty())) {
            body.put(name, value);
        }
    }
}

package io.authdesign.token;

import java.util.Objects;
import java.util.Optional;

/**
 * The context of an {@code authorization_code} token request. The handler must check that the code was
 * issued to this client for this {@code redirect_uri}, and that {@link #codeVerifier()} matches the code's
 * PKCE challenge (with {@link #verifyCodeVerifier(String, String)}).
 *
 * @param request the token request
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3">RFC 6749 section 4.1.3</a>
 */
public record AuthorizationCodeTokenContext(TokenRequest request) implements TokenContext {

    /** Validates the component. */
    public AuthorizationCodeTokenContext {
        Objects.requireNonNull(request, "request");
    }

    /** The presented {@code code}. */
    public String code() {
        return request.parameter("code").orElseThrow();
    }

    /** The PKCE {@code code_verifier}, if sent. */
    public Optional<String> codeVerifier() {
        return request.parameter("code_verifier");
    }

    /** The {@code redirect_uri}, if sent. */
    public Optional<String> redirectUri() {
        return request.parameter("redirect_uri");
    }

    /**
     * Checks a PKCE verifier against an S256 challenge ({@link Pkce#verifyCodeVerifier}).
     *
     * @param verifier the {@code code_verifier}
     * @param challenge the {@code code_challenge} stored with the code
     * @return whether the verifier is well-formed and matches
     */
    public boolean verifyCodeVerifier(String verifier, String challenge) {
        return Pkce.verifyCodeVerifier(verifier, challenge);
    }
}

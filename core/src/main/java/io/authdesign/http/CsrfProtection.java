package io.authdesign.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * CSRF protection of the interaction pages' forms (sign-in, consent, device code entry): a random nonce in
 * a cookie of the browser, and in every form a token derived from that nonce and the browser's session
 * cookie, {@code BASE64URL(SHA-256(nonce "|" session))}. A POST is accepted only when its token matches the
 * cookies it arrives with. Under an https issuer the nonce cookie is {@code __Host-} prefixed, so no other
 * host can plant it; and because the token depends on the session cookie (HttpOnly, unknown to an
 * attacker), a token obtained with the attacker's own nonce or session does not pass in the victim's
 * browser.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.12">RFC 6749 section 10.12</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.7">RFC 9700 section 4.7</a>
 */
public final class CsrfProtection {

    /** The name of the form field that carries the token. */
    public static final String FIELD = "csrf_token";

    private static final int NONCE_BYTES = 32;

    private final String cookieName;
    private final boolean secure;
    private final Optional<String> sessionCookie;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates the protection.
     *
     * @param cookie the nonce cookie's name, {@code __Host-} prefixed when {@code secure}
     * @param secure whether the issuer is https
     * @param sessionCookie the name of the session cookie the tokens are bound to, if any (also prefixed when
     *     secure)
     */
    public CsrfProtection(String cookie, boolean secure, Optional<String> sessionCookie) {
        this.cookieName = Cookie.hostName(Objects.requireNonNull(cookie, "cookie"), secure);
        this.secure = secure;
        this.sessionCookie = sessionCookie.map(name -> Cookie.hostName(name, secure));
    }

    /** The nonce cookie's name as the browser sees it. */
    public String cookieName() {
        return cookieName;
    }

    /**
     * The browser's nonce.
     *
     * @param value the value
     * @param isNew whether it was just made and must be set with {@link #cookie(Nonce)}
     */
    public record Nonce(String value, boolean isNew) {}

    /** The nonce of the request's browser, or a new one when it has none. */
    public Nonce nonce(HttpRequest request) {
        return request.cookie(cookieName)
                .filter(value -> value.length() >= 43)
                .map(value -> new Nonce(value, false))
                .orElseGet(() -> new Nonce(randomNonce(), true));
    }

    /** The {@code Set-Cookie} of a new nonce (HttpOnly, SameSite=Lax, Path=/). */
    public Cookie cookie(Nonce nonce) {
        return Cookie.of(cookieName, nonce.value()).secure(secure);
    }

    /** The session cookie's value in a request, or empty without a bound session cookie. */
    public String session(HttpRequest request) {
        return sessionCookie.flatMap(request::cookie).orElse("");
    }

    /**
     * The session cookie's value the browser will send next: the one set by this response if it sets one,
     * else the request's.
     *
     * @param request the request
     * @param setNow the cookies this response sets
     * @return the value, empty without a bound session cookie
     */
    public String session(HttpRequest request, List<Cookie> setNow) {
        if (sessionCookie.isEmpty()) {
            return "";
        }
        for (Cookie cookie : setNow) {
            if (cookie.name().equals(sessionCookie.get())) {
                return Duration.ZERO.equals(cookie.maxAge()) ? "" : cookie.value();
            }
        }
        return session(request);
    }

    /**
     * The token a form carries.
     *
     * @param nonce the browser's nonce
     * @param session the value of the session cookie the browser will send with the form ({@code ""} for none)
     * @return the token
     */
    public String token(Nonce nonce, String session) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((nonce.value() + "|" + session).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Whether a submitted form's token matches the cookies it arrives with, in constant time.
     *
     * @param request the POST
     * @param field the submitted {@value #FIELD} value
     * @return whether the form was made for this browser and session
     */
    public boolean matches(HttpRequest request, Optional<String> field) {
        Optional<String> nonce = request.cookie(cookieName);
        if (nonce.isEmpty() || field.isEmpty()) {
            return false;
        }
        String expected = token(new Nonce(nonce.get(), false), session(request));
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), field.get().getBytes(StandardCharsets.UTF_8));
    }

    private String randomNonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

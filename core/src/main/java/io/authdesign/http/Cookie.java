package io.authdesign.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A cookie an endpoint sets, rendered as a {@code Set-Cookie} header. Secure defaults: {@code HttpOnly},
 * {@code SameSite=Lax}, path {@code /}; {@link #secure(boolean)} is set by callers from the issuer's
 * scheme.
 *
 * @param name the cookie name (an RFC 6265 token)
 * @param value the value (cookie-octets only; encode anything else)
 * @param path the path
 * @param maxAge the lifetime, or {@code null} for a session cookie; zero deletes the cookie
 * @param httpOnly whether scripts are denied access
 * @param secure whether it is sent over https only
 * @param sameSite {@code Strict}, {@code Lax} or {@code None}
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6265#section-4.1">RFC 6265 section 4.1</a>
 */
public record Cookie(
        String name, String value, String path, Duration maxAge, boolean httpOnly, boolean secure, String sameSite) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern OCTETS = Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*");

    /** Validates the name and value. */
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!TOKEN.matcher(name).matches() || !OCTETS.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid cookie name or value for '" + name + "'");
        }
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sameSite, "sameSite");
    }

    /** The prefix of a cookie the browser keeps to this host, {@code Secure} and {@code Path=/} (RFC 6265bis 4.1.3.2). */
    public static final String HOST_PREFIX = "__Host-";

    /**
     * The name of a cookie under the {@code __Host-} prefix when it is set over https (so that no sibling or
     * parent domain, and no plain-http page, can plant or overwrite it), the plain name otherwise.
     *
     * @param name the cookie name
     * @param secure whether the issuer is https
     * @return the name to use
     * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.3.2">RFC
     *     6265bis section 4.1.3.2</a>
     */
    public static String hostName(String name, boolean secure) {
        return secure ? HOST_PREFIX + name : name;
    }

    /** A session cookie with the secure defaults. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, "/", null, true, false, "Lax");
    }

    /** A cookie that deletes {@code name}. */
    public static Cookie delete(String name) {
        return new Cookie(name, "", "/", Duration.ZERO, true, false, "Lax");
    }

    /** A copy with a lifetime. */
    public Cookie maxAge(Duration lifetime) {
        return new Cookie(name, value, path, lifetime, httpOnly, secure, sameSite);
    }

    /** A copy with the {@code Secure} attribute set or not. */
    public Cookie secure(boolean isSecure) {
        return new Cookie(name, value, path, maxAge, httpOnly, isSecure, sameSite);
    }

    /** A copy with another {@code SameSite}. */
    public Cookie sameSite(String policy) {
        return new Cookie(name, value, path, maxAge, httpOnly, secure, policy);
    }

    /** A copy with another path. */
    public Cookie path(String cookiePath) {
        return new Cookie(name, value, cookiePath, maxAge, httpOnly, secure, sameSite);
    }

    /** The {@code Set-Cookie} header value. */
    public String toSetCookieHeader() {
        if (name.startsWith(HOST_PREFIX) && (!secure || !path.equals("/"))) {
            throw new IllegalStateException("A " + HOST_PREFIX + " cookie must be Secure with Path=/: " + name);
        }
        StringBuilder header = new StringBuilder(name).append('=').append(value);
        header.append("; Path=").append(path);
        if (maxAge != null) {
            header.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (secure) {
            header.append("; Secure");
        }
        header.append("; SameSite=")
                .append(sameSite.substring(0, 1).toUpperCase(Locale.ROOT))
                .append(sameSite.substring(1).toLowerCase(Locale.ROOT));
        return header.toString();
    }
}

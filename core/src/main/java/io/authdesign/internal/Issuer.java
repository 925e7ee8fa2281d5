package io.authdesign.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The issuer identifier: the authorization server's public base URL, used for {@code iss} and every
 * advertised endpoint. RFC 8414 section 2 requires {@code https} with no query or fragment; plain
 * {@code http} is accepted for loopback hosts only, for development.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2</a>
 */
public final class Issuer {

    /** An IPv4 literal in {@code 127.0.0.0/8}. */
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private Issuer() {}

    /** Checks an issuer, returning it unchanged. */
    public static String check(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The issuer is not a valid URL: '" + issuer + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("The issuer must be an absolute URL without query or fragment: '"
                    + issuer + "' (RFC 8414 section 2)");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw new IllegalArgumentException(
                    "The issuer must use https (http is allowed for loopback hosts only): '" + issuer + "'");
        }
        return issuer;
    }

    /** The absolute URL of an endpoint path under the issuer. */
    public static String url(String issuer, String path) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return base + path;
    }

    /** The path component of the issuer, without trailing slash ("" for a bare host). */
    public static String path(String issuer) {
        String path = URI.create(issuer).getRawPath();
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * Whether a URI host names the loopback interface: {@code localhost}, an IPv4 literal in
     * {@code 127.0.0.0/8} or {@code [::1]}; never a DNS name that merely starts with {@code 127.}.
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || LOOPBACK_V4.matcher(h).matches() || h.equals("[::1]") || h.equals("::1");
    }
}

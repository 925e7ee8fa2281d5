package io.authdesign.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP response an endpoint produces; adapters copy it to their server's response unchanged.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9110#section-15">RFC 9110 section 15</a>
 */
public final class HttpResponse {

    /** The body of a response without one: a zero-length array, shared, since nothing can change it. */
    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    /** A response on a map of immutable lists that nobody changes any more. */
    private HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    /**
     * A response on headers that another response already holds (an unmodifiable map of immutable lists,
     * from {@link #headers()}), for the kinds of response whose headers never vary; the body is taken as it is.
     */
    static HttpResponse sharingHeaders(int status, Map<String, List<String>> headers, byte[] body) {
        return new HttpResponse(checkStatus(status), headers, body);
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        return status;
    }

    /** Starts a response with a status code. */
    public static Builder status(int status) {
        return new Builder(status);
    }

    /** Returns the status code. */
    public int status() {
        return status;
    }

    /** Returns the headers in the order they were set. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** Returns the first value of a header (case-insensitive name). */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /**
     * A {@code text/html} page that must not be cached or framed: {@code Cache-Control: no-store},
     * {@code X-Frame-Options: DENY}, {@code Content-Security-Policy: frame-ancestors 'none'}.
     *
     * @param status the status code
     * @param html the page
     * @return a builder, to add cookies before {@code build()}
     */
    public static Builder html(int status, String html) {
        return html(status, html, "frame-ancestors 'none'");
    }

    /**
     * As {@link #html(int, String)} with the page's own {@code Content-Security-Policy} instead of
     * {@code frame-ancestors 'none'}: a page that runs a script or posts a form states what it may do in one
     * policy (a second header would be enforced as well, and read as a conflict by tools that expect one). The
     * policy should keep {@code frame-ancestors 'none'}.
     *
     * @param status the status code
     * @param html the page
     * @param contentSecurityPolicy the whole policy
     * @return a builder, to add cookies before {@code build()}
     * @see <a href="https://www.w3.org/TR/CSP3/#multiple-policies">Content Security Policy Level 3, section 8.1</a>
     */
    public static Builder html(int status, String html, String contentSecurityPolicy) {
        return status(status)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .body("text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** A 302 redirect that must not be cached. */
    public static HttpResponse redirect(String location) {
        return status(302)
                .header("Location", location)
                .header("Cache-Control", "no-store")
                .build();
    }

    /** Returns all values of a header (case-insensitive name). */
    public List<String> headers(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return List.of();
    }

    /** A copy of this response with more headers (such as cookies) appended. */
    public HttpResponse withHeaders(Map<String, List<String>> more) {
        Map<String, List<String>> all = new LinkedHashMap<>(headers);
        more.forEach((name, values) -> all.merge(name, List.copyOf(values), HttpRequest::append));
        return new HttpResponse(status, all, body);
    }

    /** Returns the body bytes (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body length in bytes.
     *
     * @return the length of {@link #body()}
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * Writes the body to a stream without copying it first, as adapters do (RFC 9110 section 6.4).
     *
     * @param out the stream the response content goes to; not closed
     * @throws IOException when the stream cannot be written
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9110#section-6.4">RFC 9110 section 6.4</a>
     */
    public void writeBody(OutputStream out) throws IOException {
        if (body.length > 0) {
            out.write(body);
        }
    }

    /** Returns the body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Builds a {@link HttpResponse}. */
    public static final class Builder {
        private final int status;
        // a response has a few headers: 8 buckets hold 6 without growing
        private Map<String, List<String>> headers = new LinkedHashMap<>(8);
        private boolean built;
        private byte[] body = NO_BODY;

        private Builder(int status) {
            this.status = checkStatus(status);
        }

        /** Adds a header value. */
        public Builder header(String name, String value) {
            if (built) {
                // a response was built on the map: it stays as it was
                headers = new LinkedHashMap<>(headers);
                built = false;
            }
            headers.merge(name, List.of(Objects.requireNonNull(value, name)), HttpRequest::append);
            return this;
        }

        /** Adds a {@code Set-Cookie} header. */
        public Builder cookie(Cookie cookie) {
            return header("Set-Cookie", cookie.toSetCookieHeader());
        }

        /** Sets the body and its Content-Type. */
        public Builder body(String contentType, byte[] body) {
            header("Content-Type", contentType);
            this.body = body.clone();
            return this;
        }

        /** As {@link #body(String, byte[])} with bytes nobody else holds: not copied. */
        Builder ownedBody(String contentType, byte[] body) {
            header("Content-Type", contentType);
            this.body = body;
            return this;
        }

        /** Returns the response. */
        public HttpResponse build() {
            built = true;
            return new HttpResponse(status, headers, body);
        }
    }
}

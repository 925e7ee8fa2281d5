package io.authdesign.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The HTTP request as AuthDesign's endpoints see it, independent of any HTTP server.
 *
 * <p>Adapters (Javalin, Servlet, ...) translate their request into this model and nothing more: header
 * names are case-insensitive, the body is kept as raw bytes so that the endpoints can apply the parsing
 * rules of RFC 6749 themselves (form encoding, repeated parameters, size limits).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9110#section-6">RFC 9110 section 6</a>
 */
public final class HttpRequest {

    /** The body of a request without one: a zero-length array, shared, since nothing can change it. */
    private static final byte[] NO_BODY = new byte[0];

    /** The largest body an endpoint reads; adapters need not pass more than one byte beyond it. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * How much of a too-large body {@link Builder#body(InputStream, long)} reads and discards before the
     * refusal is sent. Answering while the client is still sending makes the server close the connection
     * under it, and many clients then report a reset instead of the 400; a body beyond this is not worth
     * reading, and its client gets the reset.
     */
    public static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String remoteAddress;

    private HttpRequest(Builder builder) {
        this.method = builder.method.toUpperCase(Locale.ROOT);
        this.path = builder.path;
        this.query = builder.query;
        // the builder's map holds immutable lists and is copied by the builder before it changes again
        this.headers = Collections.unmodifiableMap(builder.headers);
        builder.built = true;
        this.body = builder.body;
        this.remoteAddress = builder.remoteAddress;
    }

    /**
     * Starts a request with the given method and path.
     *
     * @param method the HTTP method, such as {@code POST}
     * @param path the request path, without query string
     * @return a builder
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** Returns the upper-case HTTP method. */
    public String method() {
        return method;
    }

    /** Returns the request path, without query string. */
    public String path() {
        return path;
    }

    /** Returns the raw query string, without the leading {@code ?}, or an empty string. */
    public String query() {
        return query;
    }

    /** Returns every value of a header, in the order received; the name is case-insensitive. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** Returns the first value of a header, if the request has it. */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Returns all headers, keyed case-insensitively. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * Returns the media type of the body without parameters, lower-cased ({@code application/json} for
     * {@code Application/JSON; charset=utf-8}), or an empty string when there is no Content-Type.
     */
    public String mediaType() {
        String value = header("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns a cookie's value from the {@code Cookie} headers (RFC 6265 section 5.4); the first one wins
     * when a name repeats.
     *
     * @param name the cookie name
     * @return the value, if sent
     */
    public Optional<String> cookie(String name) {
        for (String header : headers("Cookie")) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).strip().equals(name)) {
                    String value = pair.substring(equals + 1).strip();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    /** Returns the raw body bytes (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** The body bytes themselves, for the parsers of this package, which only read them. */
    byte[] bodyBytes() {
        return body;
    }

    /** Returns the body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** Returns the body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns the address of the peer, as the adapter reports it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    /** Two immutable lists of header values, one after the other, as an immutable list. */
    static List<String> append(List<String> values, List<String> more) {
        List<String> all = new ArrayList<>(values.size() + more.size());
        all.addAll(values);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** Builds a {@link HttpRequest}. */
    public static final class Builder {
        private final String method;
        private final String path;
        private String query = "";
        private TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private boolean built;
        private byte[] body = NO_BODY;
        private String remoteAddress = "";

        private Builder(String method, String path) {
            this.method = Objects.requireNonNull(method, "method");
            this.path = Objects.requireNonNull(path, "path");
        }

        /** Sets the raw query string (without {@code ?}); {@code null} means none. */
        public Builder query(String query) {
            this.query = query == null ? "" : query;
            return this;
        }

        /** Adds one value of a header. */
        public Builder header(String name, String value) {
            if (built) {
                // a request was built on the map: it stays as it was
                headers = new TreeMap<>(headers);
                built = false;
            }
            headers.merge(name, List.of(Objects.requireNonNull(value, name)), HttpRequest::append);
            return this;
        }

        /** Sets the body bytes. */
        public Builder body(byte[] body) {
            this.body = body == null ? NO_BODY : body.clone();
            return this;
        }

        /** Sets the body from a UTF-8 string. */
        public Builder body(String body) {
            return body(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Reads the body from a stream, as an adapter does: at most one byte more than
         * {@link HttpRequest#MAX_BODY_BYTES} is kept (the endpoint then refuses the request as too large),
         * and a too-large body of up to {@link HttpRequest#DRAIN_LIMIT_BYTES} is read to its end and dropped, so that the
         * client receives the refusal instead of a connection reset.
         *
         * @param body the request body stream; read, not closed
         * @param declaredLength the {@code Content-Length}, or -1 when unknown (chunked)
         * @return this builder
         * @throws IOException when the body cannot be read (answer 400)
         */
        public Builder body(InputStream body, long declaredLength) throws IOException {
            if (declaredLength > MAX_BODY_BYTES) {
                if (declaredLength <= DRAIN_LIMIT_BYTES) {
                    drain(body, DRAIN_LIMIT_BYTES);
                }
                return body(new byte[MAX_BODY_BYTES + 1]);
            }
            if (declaredLength >= 0) {
                // the container delivers no more than the declared length: one read of that size, no
                // growing buffer (a token request's body is some tens of bytes)
                byte[] bytes = new byte[(int) declaredLength];
                int read = body.readNBytes(bytes, 0, bytes.length);
                this.body = read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
                return this;
            }
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                drain(body, DRAIN_LIMIT_BYTES - bytes.length);
            }
            this.body = bytes;
            return this;
        }

        /** Reads and drops at most {@code limit} bytes, stopping at the end of the body. */
        private static void drain(InputStream body, long limit) throws IOException {
            byte[] buffer = new byte[8192];
            long left = limit;
            while (left > 0) {
                int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        }

        /** Sets the peer address. */
        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
            return this;
        }

        /** Returns the request. */
        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }
}

package io.authdesign.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP response an endpoint produces; adapters copy it to their server's response unchanged.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9110#section-15">RFC 9110 section 15</a>
 */
public final class HttpResponse {

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
        this.status = status;
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
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

    /** Returns the body bytes (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Builds a {@link HttpResponse}. */
    public static final class Builder {
        private final int status;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];

        private Builder(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status out of range: " + status);
            }
            this.status = status;
        }

        /** Adds a header value. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        /** Sets the body and its Content-Type. */
        public Builder body(String contentType, byte[] body) {
            header("Content-Type", contentType);
            this.body = body.clone();
            return this;
        }

        /** Returns the response. */
        public HttpResponse build() {
            return new HttpResponse(status, headers, body);
        }
    }
}

package io.authdesign.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP response as a test sees it: status, headers (case-insensitive names) and the body text.
 *
 * @param status the status code
 * @param headers the headers
 * @param body the body, decoded as UTF-8
 */
record Reply(int status, Map<String, List<String>> headers, String body) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    Reply {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
    }

    /** The first value of a header. */
    Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** Every value of a header. */
    List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The body parsed as a JSON object. */
    Map<String, Object> json() {
        try {
            return MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("Not a JSON object: " + body, e);
        }
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body;
    }
}

package io.authdesign.http;

import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} body, parsed by the rules of RFC 6749:
 * a parameter sent more than once makes the request invalid (section 3.2), and a parameter sent without a
 * value is treated as omitted (section 3.1).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
 */
public final class FormParameters {

    private static final FormParameters EMPTY = new FormParameters(Map.of());

    private final Map<String, String> values;

    private FormParameters(Map<String, String> values) {
        this.values = values;
    }

    /** Parameters with no entries. */
    public static FormParameters empty() {
        return EMPTY;
    }

    /**
     * Parameters with these entries (already parsed, for example a stored authorization request).
     *
     * @param values name to value; values must not be empty
     * @return the parameters
     */
    public static FormParameters of(Map<String, String> values) {
        return values.isEmpty() ? EMPTY : new FormParameters(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /**
     * Parses a form body.
     *
     * @param body the raw body bytes
     * @return the parameters
     * @throws OAuth2Exception {@code invalid_request} when the body is not valid form encoding or UTF-8, or
     *     repeats a parameter
     */
    public static FormParameters parse(byte[] body) throws OAuth2Exception {
        if (!FormCodec.isAscii(body, 0, body.length)) {
            String text = FormCodec.utf8(body)
                    .orElseThrow(() ->
                            new OAuth2Exception(OAuth2ErrorCode.INVALID_REQUEST, "The request body is not UTF-8"));
            return parse(text);
        }
        if (body.length == 0) {
            return EMPTY;
        }
        // ASCII, as a token request's body is: each name and value is cut from the bytes, without the whole
        // body as text first, by the same loop as parse(String)
        int length = body.length;
        Map<String, String> values = LinkedHashMap.newLinkedHashMap(count(body, (byte) '&') + 1);
        for (int start = 0; start <= length; ) {
            int end = indexOf(body, (byte) '&', start, length);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int equals = indexOf(body, (byte) '=', start, end);
                String name = decode(ascii(body, start, equals < 0 ? end : equals));
                String value = equals < 0 ? "" : decode(ascii(body, equals + 1, end));
                put(values, name, value);
            }
            start = end + 1;
        }
        return new FormParameters(Collections.unmodifiableMap(values));
    }

    private static int count(byte[] bytes, byte value) {
        int count = 0;
        for (byte b : bytes) {
            if (b == value) {
                count++;
            }
        }
        return count;
    }

    /** The index of the first {@code value} in {@code bytes[from, to)}, or -1. */
    private static int indexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Adds a parameter; RFC 6749 section 3.2: one sent more than once makes the request invalid. */
    private static void put(Map<String, String> values, String name, String value) throws OAuth2Exception {
        if (values.putIfAbsent(name, value) != null) {
            throw new OAuth2Exception(
                    OAuth2ErrorCode.INVALID_REQUEST, "The parameter '" + printable(name) + "' is repeated");
        }
    }

    /**
     * Parses form-encoded text (a body or a query string).
     *
     * @param text the encoded parameters
     * @return the parameters
     * @throws OAuth2Exception {@code invalid_request} when an escape is malformed or a parameter repeats
     */
    public static FormParameters parse(String text) throws OAuth2Exception {
        if (text.isEmpty()) {
            return EMPTY;
        }
        int length = text.length();
        int pairs = 1;
        for (int i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
            pairs++;
        }
        // sized for the pairs: a token request's two to four parameters need no table of 16
        Map<String, String> values = LinkedHashMap.newLinkedHashMap(pairs);
        for (int start = 0; start <= length; ) {
            int end = text.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int equals = -1;
                for (int i = start; i < end; i++) {
                    if (text.charAt(i) == '=') {
                        equals = i;
                        break;
                    }
                }
                String name = decode(text.substring(start, equals < 0 ? end : equals));
                String value = equals < 0 ? "" : decode(text.substring(equals + 1, end));
                put(values, name, value);
            }
            start = end + 1;
        }
        return new FormParameters(Collections.unmodifiableMap(values));
    }

    private static String decode(String encoded) throws OAuth2Exception {
        return FormCodec.decode(encoded)
                .orElseThrow(() -> new OAuth2Exception(
                        OAuth2ErrorCode.INVALID_REQUEST, "The request has a malformed form-encoded value"));
    }

    /** Keeps a parameter name safe to quote in an error description. */
    private static String printable(String name) {
        if (name.length() > 40 || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '"' && c != '\\')) {
            return "(unprintable)";
        }
        return name;
    }

    /**
     * Returns a parameter's value; a parameter sent with an empty value counts as absent.
     *
     * @param name the parameter name
     * @return the value, if present and non-empty
     */
    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Whether the parameter is present with a non-empty value. */
    public boolean has(String name) {
        return get(name).isPresent();
    }

    /** Every parameter as sent, empty values included. */
    public Map<String, String> asMap() {
        return values;
    }
}

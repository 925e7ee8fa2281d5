package io.authdesign.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * UTF-8 JSON of plain values (strings, booleans, integers, {@code null}, and collections and string-keyed
 * maps of these) measured, then written into one array of that size, byte for byte as {@link Json}'s Jackson mapper
 * writes them (RFC 8259): the responses and JWT claims of every request are such values, and Jackson's
 * generator, serializer provider and output copies cost more than the JSON itself. A value of any other
 * type makes {@link #write(Object)} answer {@code null}, and the caller lets Jackson write it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8259">RFC 8259</a>
 */
public final class JsonOutput {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** How deep collections may nest before Jackson takes over (it has its own limits and errors). */
    private static final int MAX_DEPTH = 32;

    private JsonOutput() {}

    /**
     * Writes a value as plain JSON, or returns {@code null} when it holds anything else.
     *
     * @param value the value
     * @return the JSON bytes, or {@code null}
     */
    public static byte[] write(Object value) {
        int size = size(value);
        if (size < 0) {
            return null;
        }
        byte[] out = new byte[size];
        try {
            if (write(value, out, 0) == size) {
                return out;
            }
        } catch (IndexOutOfBoundsException e) {
            // a collection changed between measuring and writing: Jackson writes what it finds
        }
        return null;
    }

    /**
     * Writes a JSON object of named members, in order, each whose value is not {@code null}, then the members of a
     * map (with their {@code null} values): the JSON of one map of both, without building that map.
     *
     * @param names the members' names
     * @param values their values, at the same indexes; {@code null} leaves a member out
     * @param more the members that follow, none of them named in {@code names}
     * @return the JSON bytes, or {@code null} when a value is not plain
     */
    public static byte[] writeObject(String[] names, Object[] values, Map<String, ?> more) {
        int size = objectSize(names, values, more);
        if (size < 0) {
            return null;
        }
        byte[] out = new byte[size];
        try {
            if (writeObject(names, values, more, out, 0) == size) {
                return out;
            }
        } catch (IndexOutOfBoundsException e) {
            // a value changed between measuring and writing: Jackson writes what it finds
        }
        return null;
    }

    /**
     * The length of {@link #writeObject(String[], Object[], Map)}'s JSON in bytes, measured without writing it.
     *
     * @param names the members' names
     * @param values their values; {@code null} leaves a member out
     * @param more the members that follow
     * @return the length, or -1 when a value is not plain
     */
    public static int objectSize(String[] names, Object[] values, Map<String, ?> more) {
        int members = more.size();
        int size = 2;
        for (int k = 0; k < names.length; k++) {
            if (values[k] != null) {
                int member = memberSize(names[k], values[k]);
                if (member < 0) {
                    return -1;
                }
                size += member;
                members++;
            }
        }
        // an empty map's entry set is not asked for: an immutable one makes a new view each time
        if (!more.isEmpty()) {
            for (Map.Entry<String, ?> entry : more.entrySet()) {
                int member = memberSize(entry.getKey(), entry.getValue());
                if (member < 0) {
                    return -1;
                }
                size += member;
            }
        }
        return size + Math.max(0, members - 1);
    }

    /**
     * Writes {@link #writeObject(String[], Object[], Map)}'s JSON ({@link #objectSize} is not negative) into a
     * buffer.
     *
     * @param names the members' names
     * @param values their values; {@code null} leaves a member out
     * @param more the members that follow
     * @param out the buffer, with {@link #objectSize} bytes free from {@code at}
     * @param at where the JSON starts
     * @return the index after the JSON
     */
    public static int writeObject(String[] names, Object[] values, Map<String, ?> more, byte[] out, int at) {
        int i = at;
        out[i++] = '{';
        for (int k = 0; k < names.length; k++) {
            if (values[k] != null) {
                i = member(names[k], values[k], out, i);
            }
        }
        if (!more.isEmpty()) {
            for (Map.Entry<String, ?> entry : more.entrySet()) {
                i = member(entry.getKey(), entry.getValue(), out, i);
            }
        }
        out[i++] = '}';
        return i;
    }

    /** The length of a member's {@code "name":value}, or -1 when the value is not plain. */
    private static int memberSize(String name, Object value) {
        int key = stringSize(name);
        int member = size(value, 1);
        return key < 0 || member < 0 ? -1 : key + 1 + member;
    }

    /** Writes a member, after a comma unless it is the object's first. */
    private static int member(String name, Object value, byte[] out, int at) {
        int i = at;
        if (out[i - 1] != '{') {
            out[i++] = ',';
        }
        i = string(name, out, i);
        out[i++] = ':';
        return write(value, out, i);
    }

    /**
     * The length of a value's JSON in bytes, measured without writing it.
     *
     * @param value the value
     * @return the length, or -1 when the value is not plain
     */
    public static int size(Object value) {
        return size(value, 0);
    }

    /**
     * Writes a plain value's JSON ({@link #size(Object)} is not negative) into a buffer.
     *
     * @param value the value
     * @param out the buffer, with {@link #size(Object)} bytes free from {@code at}
     * @param at where the JSON starts
     * @return the index after the JSON
     */
    public static int write(Object value, byte[] out, int at) {
        if (value == null) {
            return ascii("null", out, at);
        }
        if (value instanceof String text) {
            return string(text, out, at);
        }
        if (value instanceof Boolean bool) {
            return ascii(bool ? "true" : "false", out, at);
        }
        if (value instanceof Integer number) {
            return digits(number, out, at);
        }
        if (value instanceof Long number) {
            return digits(number, out, at);
        }
        if (value instanceof BigInteger number) {
            return ascii(number.toString(), out, at);
        }
        int i = at;
        if (value instanceof Map<?, ?> map) {
            out[i++] = '{';
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out[i++] = ',';
                }
                first = false;
                i = string((String) entry.getKey(), out, i);
                out[i++] = ':';
                i = write(entry.getValue(), out, i);
            }
            out[i++] = '}';
            return i;
        }
        out[i++] = '[';
        boolean first = true;
        for (Object element : (Collection<?>) value) {
            if (!first) {
                out[i++] = ',';
            }
            first = false;
            i = write(element, out, i);
        }
        out[i++] = ']';
        return i;
    }

    private static int size(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return -1;
        }
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return stringSize(text);
        }
        if (value instanceof Boolean bool) {
            return bool ? 4 : 5;
        }
        if (value instanceof Integer number) {
            return digitCount(number);
        }
        if (value instanceof Long number) {
            return digitCount(number);
        }
        if (value instanceof BigInteger number) {
            return number.toString().length();
        }
        if (value instanceof Map<?, ?> map) {
            int size = 2 + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    return -1;
                }
                int key = stringSize(name);
                int member = size(entry.getValue(), depth + 1);
                if (key < 0 || member < 0) {
                    return -1;
                }
                size += key + 1 + member;
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            int size = 2 + Math.max(0, values.size() - 1);
            for (Object element : values) {
                int member = size(element, depth + 1);
                if (member < 0) {
                    return -1;
                }
                size += member;
            }
            return size;
        }
        return -1;
    }

    /** The bytes of a JSON string, quotes included, or -1 for a lone surrogate (left to Jackson). */
    private static int stringSize(String text) {
        int n = text.length();
        int size = n + 2;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                continue;
            }
            if (c < 0x80) {
                size += shortEscape(c) != 0 ? 1 : 5;
            } else if (c < 0x800) {
                size += 1;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return -1;
                }
                i++;
                // Jackson writes the pair as two escapes: 12 bytes for 2 characters
                size += 10;
            } else {
                size += 2;
            }
        }
        return size;
    }

    /**
     * A JSON string: {@code "} and {@code \} escaped, control characters as Jackson writes them
     * ({@code \b \t \n \f \r}, others as six-character {@code \\u} escapes), a surrogate pair as two such
     * escapes, everything else as UTF-8.
     */
    private static int string(String text, byte[] out, int at) {
        int n = text.length();
        int i = at;
        out[i++] = '"';
        for (int k = 0; k < n; k++) {
            char c = text.charAt(k);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out[i++] = (byte) c;
            } else if (c < 0x80) {
                char shortForm = shortEscape(c);
                out[i++] = '\\';
                if (shortForm != 0) {
                    out[i++] = (byte) shortForm;
                } else {
                    i = unicodeEscape(c, out, i - 1);
                }
            } else if (c < 0x800) {
                out[i++] = (byte) (0xC0 | (c >> 6));
                out[i++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                i = unicodeEscape(c, out, i);
                i = unicodeEscape(text.charAt(++k), out, i);
            } else {
                out[i++] = (byte) (0xE0 | (c >> 12));
                out[i++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[i++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[i++] = '"';
        return i;
    }

    /** {@code \\uXXXX} with upper-case hexadecimal digits, as Jackson writes it. */
    private static int unicodeEscape(char c, byte[] out, int at) {
        out[at] = '\\';
        out[at + 1] = 'u';
        out[at + 2] = HEX[c >> 12];
        out[at + 3] = HEX[(c >> 8) & 0xF];
        out[at + 4] = HEX[(c >> 4) & 0xF];
        out[at + 5] = HEX[c & 0xF];
        return at + 6;
    }

    private static char shortEscape(char c) {
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
    }

    private static int digitCount(long number) {
        if (number == Long.MIN_VALUE) {
            return 20;
        }
        int count = number < 0 ? 2 : 1;
        for (long left = Math.abs(number); left >= 10; left /= 10) {
            count++;
        }
        return count;
    }

    private static int digits(long number, byte[] out, int at) {
        if (number == Long.MIN_VALUE) {
            return ascii(Long.toString(number), out, at);
        }
        int end = at + digitCount(number);
        long left = Math.abs(number);
        int i = end;
        do {
            out[--i] = (byte) ('0' + left % 10);
            left /= 10;
        } while (left > 0);
        if (number < 0) {
            out[--i] = '-';
        }
        return end;
    }

    private static int ascii(String text, byte[] out, int at) {
        int n = text.length();
        for (int k = 0; k < n; k++) {
            out[at + k] = (byte) text.charAt(k);
        }
        return at + n;
    }
}

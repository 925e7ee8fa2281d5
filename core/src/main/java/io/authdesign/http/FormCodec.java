package io.authdesign.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Strict {@code application/x-www-form-urlencoded} decoding and encoding of single values, as RFC 6749
 * uses it for request bodies (appendix B) and for the client id and secret inside HTTP Basic credentials
 * (section 2.3.1). Unlike {@link java.net.URLDecoder}, malformed escapes and invalid UTF-8 are reported,
 * never replaced or thrown as unchecked exceptions.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#appendix-B">RFC 6749 appendix B</a>
 */
public final class FormCodec {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FormCodec() {}

    /**
     * Decodes one form-encoded value: {@code +} is a space, {@code %XX} a byte, the bytes UTF-8.
     *
     * @param encoded the encoded text
     * @return the decoded text, or empty when an escape is malformed or the bytes are not UTF-8
     */
    public static Optional<String> decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return Optional.of(encoded);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int high = hexDigit(encoded.charAt(i + 1));
                int low = hexDigit(encoded.charAt(i + 2));
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    utf8 = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return utf8(bytes.toByteArray());
    }

    /** The value of an RFC 3986 HEXDIG, or -1; unlike {@link Character#digit}, only ASCII digits count. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * Decodes bytes as strict UTF-8.
     *
     * @param bytes the bytes
     * @return the text, or empty when the bytes are not valid UTF-8
     */
    public static Optional<String> utf8(byte[] bytes) {
        return utf8(bytes, 0, bytes.length);
    }

    /**
     * Decodes a range of bytes as strict UTF-8, without copying the range first.
     *
     * @param bytes the bytes
     * @param offset the index of the range's first byte
     * @param length the range's length
     * @return the text, or empty when the bytes are not valid UTF-8
     * @throws IndexOutOfBoundsException when the range is not within {@code bytes}
     */
    public static Optional<String> utf8(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (isAscii(bytes, offset, length)) {
            // ASCII is valid UTF-8 as it is: one copy, no decoder
            return Optional.of(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether the bytes of the range are all ASCII (so valid UTF-8 as they are). */
    static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes one value for a form body or query: unreserved characters stay, space becomes {@code +},
     * everything else is {@code %XX} of its UTF-8 bytes.
     *
     * @param value the text
     * @return the encoded text
     */
    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '*') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}

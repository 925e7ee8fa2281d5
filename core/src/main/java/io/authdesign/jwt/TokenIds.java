package io.authdesign.jwt;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * The {@code jti} of the tokens this package makes (RFC 7519 section 4.1.7): random version 4 UUIDs, as
 * {@link UUID#randomUUID()} makes them, but drawn from the random source of the highest-priority provider of the
 * time. {@code UUID.randomUUID()} keeps the source it met first for the life of the JVM; met before the native
 * provider was installed ({@link NativeCrypto#installInBackground()}), that is the JDK's {@code NativePRNG}, whose
 * one lock, SHA-1 mixing in Java and reads of {@code /dev/urandom} cost 1.5 % of a token's processor time
 * (async-profiler, 2026-12-06). Here the source is made again when {@link NativeCrypto#generation()} changes, so
 * that a native provider's (thread-safe) generator replaces it once installed.
 */
final class TokenIds {

    private record Source(int generation, SecureRandom random) {}

    private static volatile Source source;

    private TokenIds() {}

    /** A new random UUID, in its 36-character text form. */
    static String next() {
        int generation = NativeCrypto.generation();
        Source current = source;
        if (current == null || current.generation() != generation) {
            current = new Source(generation, new SecureRandom());
            source = current;
        }
        byte[] bytes = new byte[16];
        current.random().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4: random (RFC 9562 section 5.4)
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // the variant of RFC 9562 (section 4.1)
        return new UUID(bigEndian(bytes, 0), bigEndian(bytes, 8)).toString();
    }

    private static long bigEndian(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }
}

package io.authdesign.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floors' access tokens ({@link TokenFloor}, {@link RefreshFloor}): the reference server's ES256 token of the
 * benchmark client (its header with a 43-character key id, its eight claims, a fresh {@code jti}), signed the
 * server's way, with a pooled JCA {@link Signature} of the native provider when present.
 */
final class FloorSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    // the reference server's access token header: alg, typ at+jwt and a 43-character key id
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"0123456789abcdef0123456789abcdef0123456789a\"}"
                    .getBytes(StandardCharsets.US_ASCII));

    private final PrivateKey key;
    private final Provider provider;
    private final ConcurrentLinkedQueue<Signature> signatures = new ConcurrentLinkedQueue<>();

    FloorSigner(PrivateKey key, Provider provider) {
        this.key = key;
        this.provider = provider;
    }

    /** A P-256 key pair of the provider ({@code null}: the JDK's). */
    static KeyPair newKey(Provider provider) throws GeneralSecurityException {
        KeyPairGenerator generator =
                provider == null ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A new access token of {@code subject} and {@code clientId}: the server's header and claims, one ES256 signature. */
    String accessToken(String subject, String clientId) throws GeneralSecurityException {
        long now = System.currentTimeMillis() / 1000;
        String claims =
                "{\"iss\":\"http://127.0.0.1:9000\",\"sub\":\"" + subject + "\",\"aud\":\"http://127.0.0.1:9000\","
                        + "\"exp\":" + (now + 3600) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID()
                        + "\",\"client_id\":\"" + clientId + "\",\"scope\":\"read\"}";
        String input = HEADER + "." + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.US_ASCII));
        Signature signature = signatures.poll();
        if (signature == null) {
            signature = provider == null
                    ? Signature.getInstance("SHA256withECDSAinP1363Format")
                    : Signature.getInstance("SHA256withECDSAinP1363Format", provider);
            signature.initSign(key);
        }
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        String token = input + "." + BASE64URL.encodeToString(signature.sign());
        signatures.offer(signature);
        return token;
    }
}

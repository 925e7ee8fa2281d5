package io.authdesign.keys;

import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published JWK Set of stored keys: newest first, public members only.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 */
public final class JwkSet {

    private JwkSet() {}

    /**
     * The JWK Set document of the given stored keys.
     *
     * @param stored keys as the key store returned them
     * @return the {@code {"keys": [...]}} document
     */
    public static Map<String, Object> document(List<StoredKey> stored) {
        List<Map<String, Object>> keys = stored.stream()
                .sorted(Comparator.comparing(StoredKey::createdAt).reversed())
                .map(JwkSet::publicMembers)
                .toList();
        Map<String, Object> jwks = new LinkedHashMap<>();
        jwks.put("keys", keys);
        return jwks;
    }

    private static Map<String, Object> publicMembers(StoredKey key) {
        try {
            return JWK.parse(key.publicJwk()).toPublicJWK().toJSONObject();
        } catch (ParseException e) {
            throw new IllegalStateException("Stored key " + key.kid() + " has an invalid public JWK", e);
        }
    }
}

package io.authdesign.resource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who an access token on a protected route stands for: what resource handlers read.
 *
 * @param subject the subject ({@code sub}): a user, or the client itself for client credentials
 * @param clientId the client the token was issued to, if known
 * @param scopes the token's scopes
 * @param claims every claim of the token (or what the validator chose to expose)
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068#section-2.2">RFC 9068 section 2.2</a>
 */
public record Credentials(String subject, String clientId, Set<String> scopes, Map<String, Object> claims) {

    /** Copies the collections. */
    public Credentials {
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /**
     * The credentials an RFC 9068 access token's claims describe: {@code sub}, {@code client_id} and the
     * space-delimited {@code scope}.
     *
     * @param claims the verified claims
     * @return the credentials, or empty when the token has no {@code sub}
     */
    public static Optional<Credentials> fromJwtClaims(Map<String, Object> claims) {
        if (!(claims.get("sub") instanceof String subject) || subject.isEmpty()) {
            return Optional.empty();
        }
        String clientId = claims.get("client_id") instanceof String id ? id : null;
        Set<String> scopes = claims.get("scope") instanceof String scope && !scope.isBlank()
                ? Set.of(words(scope.trim()))
                : Set.of();
        return Optional.of(new Credentials(subject, clientId, scopes, claims));
    }

    /** The words of a trimmed, non-blank text split at runs of spaces, as {@code split(" +")}, without a regex. */
    private static String[] words(String text) {
        int count = 1;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ') {
                count++;
            }
        }
        String[] words = new String[count];
        int word = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                if (i > start) {
                    words[word++] = text.substring(start, i);
                }
                start = i + 1;
            }
        }
        return words;
    }

    /** Whether the token carries every one of the scopes. */
    public boolean hasScopes(Set<String> required) {
        return scopes.containsAll(required);
    }
}

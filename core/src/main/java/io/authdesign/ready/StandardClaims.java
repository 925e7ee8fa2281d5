package io.authdesign.ready;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a user's claims are released, by the scopes of OpenID Connect Core section 5.4 and the
 * {@code claims} request parameter of section 5.5.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims">OpenID Connect Core
 *     section 5.4</a>
 */
public final class StandardClaims {

    /** The claims each standard scope releases. */
    public static final Map<String, List<String>> BY_SCOPE = Map.of(
            "profile",
                    List.of(
                            "name",
                            "family_name",
                            "given_name",
                            "middle_name",
                            "nickname",
                            "preferred_username",
                            "profile",
                            "picture",
                            "website",
                            "gender",
                            "birthdate",
                            "zoneinfo",
                            "locale",
                            "updated_at"),
            "email", List.of("email", "email_verified"),
            "address", List.of("address"),
            "phone", List.of("phone_number", "phone_number_verified"));

    /**
     * The access token claim that carries the names the {@code claims} parameter requested for userinfo
     * (OpenID Connect Core section 5.5), so that the userinfo endpoint releases them.
     */
    public static final String USERINFO_CLAIMS = "userinfo_claims";

    /** Every user claim the standard scopes release, for {@code claims_supported}. */
    public static List<String> supported() {
        return List.of("profile", "email", "address", "phone").stream()
                .flatMap(scope -> BY_SCOPE.get(scope).stream())
                .toList();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private StandardClaims() {}

    /**
     * The user's claims released for these scopes, plus those the {@code claims} parameter requests for
     * this target ({@code userinfo} or {@code id_token}); never {@code sub}, which the caller sets.
     *
     * @param scopes the granted scopes
     * @param userClaims every claim the user has
     * @param claimsRequest the {@code claims} parameter (JSON), or {@code null}
     * @param target {@code userinfo} or {@code id_token}
     * @return the released claims
     */
    public static Map<String, Object> release(
            Set<String> scopes, Map<String, Object> userClaims, String claimsRequest, String target) {
        Set<String> names = new LinkedHashSet<>();
        if (target.equals("userinfo")) {
            scopes.forEach(scope -> names.addAll(BY_SCOPE.getOrDefault(scope, List.of())));
        }
        names.addAll(requested(claimsRequest, target));
        Map<String, Object> released = new LinkedHashMap<>();
        for (String name : names) {
            if (!name.equals("sub") && userClaims.containsKey(name)) {
                released.put(name, userClaims.get(name));
            }
        }
        return released;
    }

    /**
     * The user claims these scopes release (OIDC Core section 5.4), for example those a client may be given
     * at all, by the scopes it is registered for.
     *
     * @param scopes the scopes
     * @return the claim names
     */
    public static Set<String> claimsOf(Collection<String> scopes) {
        Set<String> names = new LinkedHashSet<>();
        scopes.forEach(scope -> names.addAll(BY_SCOPE.getOrDefault(scope, List.of())));
        return names;
    }

    /**
     * A {@code claims} parameter reduced to the user claims in {@code allowed}, for the {@code id_token} and
     * {@code userinfo} members: what the grant may release. Anything else the parameter asks for is dropped.
     *
     * @param claimsRequest the parameter (JSON)
     * @param allowed the claim names that may be released
     * @return the reduced parameter, or {@code null} when nothing is left
     */
    public static String restrict(String claimsRequest, Set<String> allowed) {
        if (claimsRequest == null) {
            return null;
        }
        try {
            JsonNode request = JSON.readTree(claimsRequest);
            ObjectNode restricted = JSON.createObjectNode();
            for (String target : List.of("id_token", "userinfo")) {
                ObjectNode kept = JSON.createObjectNode();
                for (Map.Entry<String, JsonNode> member : request.path(target).properties()) {
                    if (allowed.contains(member.getKey())) {
                        kept.set(member.getKey(), member.getValue());
                    }
                }
                if (!kept.isEmpty()) {
                    restricted.set(target, kept);
                }
            }
            return restricted.isEmpty() ? null : JSON.writeValueAsString(restricted);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * The userinfo claims for an access token's credentials: by its scopes, plus the names it carries in
     * {@link #USERINFO_CLAIMS}.
     *
     * @param scopes the token's scopes
     * @param tokenClaims the token's claims
     * @param userClaims the user's claims
     * @return the released claims
     */
    public static Map<String, Object> forUserinfo(
            Set<String> scopes, Map<String, Object> tokenClaims, Map<String, Object> userClaims) {
        Map<String, Object> released = release(scopes, userClaims, null, "userinfo");
        if (tokenClaims.get(USERINFO_CLAIMS) instanceof List<?> names) {
            for (Object name : names) {
                if (name instanceof String claim && !claim.equals("sub") && userClaims.containsKey(claim)) {
                    released.put(claim, userClaims.get(claim));
                }
            }
        }
        return released;
    }

    /**
     * The claim names a {@code claims} parameter requests for a target; empty when it is absent or not a
     * JSON object.
     *
     * @param claimsRequest the parameter
     * @param target {@code userinfo} or {@code id_token}
     * @return the claim names
     */
    public static Set<String> requested(String claimsRequest, String target) {
        Set<String> names = new LinkedHashSet<>();
        if (claimsRequest == null || claimsRequest.isBlank()) {
            return names;
        }
        try {
            JsonNode section = JSON.readTree(claimsRequest).path(target);
            for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        } catch (JsonProcessingException e) {
            return names;
        }
        return names;
    }

    /**
     * Whether a {@code claims} parameter is a JSON object whose members are objects (OIDC Core 5.5).
     *
     * @param claimsRequest the parameter
     * @return whether it is well-formed
     */
    public static boolean isWellFormed(String claimsRequest) {
        try {
            JsonNode node = JSON.readTree(claimsRequest);
            if (node == null || !node.isObject()) {
                return false;
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                JsonNode member = it.next();
                if (!member.isObject()) {
                    return false;
                }
            }
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * The {@code acr} values the {@code claims} parameter requests as an essential claim of the ID token
     * ({@code "acr": {"essential": true, "value" or "values": ...}}, OIDC Core section 5.5.1.1); present
     * only when essential, empty when any value will do.
     *
     * @param claimsRequest the parameter
     * @return the acceptable values, when an essential {@code acr} is requested
     */
    public static Optional<Set<String>> essentialAcr(String claimsRequest) {
        try {
            JsonNode acr = JSON.readTree(claimsRequest).path("id_token").path("acr");
            if (!acr.path("essential").asBoolean(false)) {
                return Optional.empty();
            }
            return Optional.of(new LinkedHashSet<>(requestedAcr(claimsRequest)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The {@code acr} values the {@code claims} parameter asks for in the ID token, if any. */
    public static List<String> requestedAcr(String claimsRequest) {
        if (claimsRequest == null) {
            return List.of();
        }
        try {
            JsonNode acr = JSON.readTree(claimsRequest).path("id_token").path("acr");
            if (acr.path("value").isTextual()) {
                return List.of(acr.path("value").asText());
            }
            if (acr.path("values").isArray()) {
                return JSON.convertValue(
                        acr.path("values"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            }
            return List.of();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of();
        }
    }
}

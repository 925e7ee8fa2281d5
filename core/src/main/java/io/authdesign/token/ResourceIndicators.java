package io.authdesign.token;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code resource} parameter of RFC 8707 (resource indicators): the one rule for the authorization
 * endpoint, the token endpoint and the ready handlers. A resource is an absolute URI without a fragment
 * (section 2); a malformed one is {@code invalid_target} wherever it is sent. Which resource an access token
 * is then for ({@link #select}) is: the one the token request names, which must be among the resources the
 * grant was authorized for, or, when the grant named none, among those the client may use; without one in
 * the token request, the grant's. The access token's {@code aud} is that resource.
 *
 * <p>One {@code resource} per request: a repeated parameter is {@code invalid_request}, as for every
 * parameter here, so that each access token is for one audience (RFC 8707 section 2 lets a client repeat it;
 * audience-restricted tokens are the point of the extension, RFC 9700 section 2.3).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8707#section-2">RFC 8707 section 2</a>
 */
public final class ResourceIndicators {

    /** The parameter's name. */
    public static final String PARAMETER = "resource";

    /** The refusal of a resource the client may not use. */
    public static final OAuth2Error NOT_ALLOWED =
            OAuth2Error.of(OAuth2ErrorCode.INVALID_TARGET, "The requested resource is not allowed for this client");

    /** The refusal of a malformed resource. */
    public static final OAuth2Error MALFORMED = OAuth2Error.of(
            OAuth2ErrorCode.INVALID_TARGET, "The resource parameter must be an absolute URI without a fragment");

    private ResourceIndicators() {}

    /**
     * Whether a value is a resource indicator: an absolute URI (RFC 3986 section 4.3), so no fragment.
     *
     * @param resource the value
     * @return whether it is well-formed
     */
    public static boolean isWellFormed(String resource) {
        try {
            URI uri = new URI(resource);
            return uri.isAbsolute() && uri.getRawFragment() == null && resource.indexOf('#') < 0;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The resource an access token is for.
     *
     * @param asked the token request's {@code resource}, if any
     * @param granted the resources the grant was authorized for (empty when it named none, or for a grant
     *     without an authorization step such as client credentials)
     * @param allowed the resources the client may use
     * @return the token's resources (empty: the default audience), or {@link #NOT_ALLOWED}
     */
    public static Selection select(Optional<String> asked, Set<String> granted, List<String> allowed) {
        if (asked.isEmpty()) {
            return new Selection.Selected(granted);
        }
        boolean permitted = granted.isEmpty() ? allowed.contains(asked.get()) : granted.contains(asked.get());
        return permitted ? new Selection.Selected(Set.of(asked.get())) : new Selection.Refused();
    }

    /** What {@link #select} decided. */
    public sealed interface Selection permits Selection.Selected, Selection.Refused {
        /**
         * The token is for these resources.
         *
         * @param resources its audience; empty for the default audience
         */
        record Selected(Set<String> resources) implements Selection {
            /** Copies the resources. */
            public Selected {
                resources = Set.copyOf(resources);
            }
        }

        /** The resource asked is not the grant's or the client's: {@link #NOT_ALLOWED}. */
        record Refused() implements Selection {}
    }
}

package io.authdesign.flow;

import io.authdesign.http.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * A built auth design: one flow ({@link OAuth2Flow}) or several behind one token endpoint
 * ({@link MultipleFlows}). Adapters mount its {@link #endpoints()}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749">RFC 6749</a>
 */
public sealed interface AuthDesign permits OAuth2Flow, MultipleFlows {

    /** The issuer identifier (RFC 8414 section 2). */
    String getIssuer();

    /** The strategy names of the design's flows. */
    List<String> getStrategyNames();

    /** The scopes the design documents, name to description. */
    Map<String, String> getScopes();

    /**
     * The HTTP endpoints to mount, unauthenticated: token endpoint(s) and metadata.
     *
     * @return the endpoints, in registration order
     */
    List<Endpoint> endpoints();

    /**
     * The authorization server metadata document served at {@code /.well-known/oauth-authorization-server}.
     *
     * @return the metadata members
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2</a>
     */
    Map<String, Object> authorizationServerMetadata();
}

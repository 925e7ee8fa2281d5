package io.authdesign.server;

import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.OAuth2Flow;
import io.authdesign.flow.SecurityScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference server's OpenAPI 3.1 document ({@code GET /openapi.json}): its own routes, protected with
 * the design's security schemes (the design's, and each of its flows'), as the design's {@code docs()}
 * describes them.
 *
 * @see <a href="https://spec.openapis.org/oas/v3.1.0">OpenAPI 3.1</a>
 */
final class OpenApiDocument {

    /** The path it is served at. */
    static final String PATH = "/openapi.json";

    private OpenApiDocument() {}

    /** The document of a server with this design and issuer. */
    static Map<String, Object> of(AuthDesign design, String issuer) {
        Map<String, Object> schemes = new LinkedHashMap<>();
        List<Map<String, Object>> anyScheme = new ArrayList<>();
        List<SecurityScheme> all = new ArrayList<>(List.of(design.docs()));
        if (design instanceof MultipleFlows multiple) {
            multiple.getFlows().stream().map(OAuth2Flow::docs).forEach(all::add);
        }
        for (SecurityScheme scheme : all) {
            if (schemes.putIfAbsent(scheme.name(), scheme.toOpenApi()) == null) {
                anyScheme.add(scheme.requirement());
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put(
                "info",
                Map.of(
                        "title", "AuthDesign reference server",
                        "version", "0.1.0",
                        "description",
                                "The reference server's own API; its OAuth 2.0 endpoints are described by"
                                        + " its discovery documents."));
        document.put("servers", List.of(Map.of("url", issuer)));
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put(ReferenceServer.ME, Map.of("get", me(anyScheme)));
        paths.put(ReferenceServer.HEALTH, Map.of("get", health()));
        document.put("paths", paths);
        document.put("components", Map.of("securitySchemes", schemes));
        return document;
    }

    private static Map<String, Object> me(List<Map<String, Object>> security) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("type", "object");
        credentials.put(
                "properties",
                Map.of(
                        "sub", Map.of("type", "string", "description", "The token's subject"),
                        "client_id", Map.of("type", "string", "description", "The client it was issued to"),
                        "scope", Map.of("type", "string", "description", "Its scopes, space-separated")));
        credentials.put("required", List.of("sub", "client_id", "scope"));
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", "me");
        operation.put("summary", "Who the access token stands for");
        operation.put("security", security);
        operation.put(
                "responses",
                Map.of(
                        "200",
                        Map.of(
                                "description",
                                "The validated token's subject, client and scope",
                                "content",
                                Map.of("application/json", Map.of("schema", credentials))),
                        "401",
                        Map.of("description", "No valid access token (RFC 6750 section 3.1)"),
                        "400",
                        Map.of("description", "A malformed request (RFC 6750 section 3.1)")));
        return operation;
    }

    private static Map<String, Object> health() {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", "health");
        operation.put("summary", "Liveness");
        operation.put("security", List.of());
        operation.put(
                "responses",
                Map.of(
                        "200",
                        Map.of(
                                "description",
                                "The server is up",
                                "content",
                                Map.of(
                                        "application/json",
                                        Map.of(
                                                "schema",
                                                Map.of(
                                                        "type",
                                                        "object",
                                                        "properties",
                                                        Map.of("status", Map.of("type", "string"))))))));
        return operation;
    }
}

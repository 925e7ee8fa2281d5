package io.authdesign.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a design describes itself in API documentation: an OpenAPI 3.1 Security Scheme Object under a name
 * (the flow's strategy name, or a {@code MultipleFlows}' security scheme name). An OAuth 2.0 flow is an
 * {@code oauth2} scheme with its flow, URLs and scopes; an OpenID Connect flow and a {@code MultipleFlows}
 * are an {@code openIdConnect} scheme pointing at the discovery document. Put {@link #toOpenApi()} under
 * {@code components.securitySchemes.<name>} of an OpenAPI document (Javalin's OpenAPI plugin, springdoc, or
 * a document of your own), and require it with {@link #requirement}.
 *
 * @param name the scheme's name in {@code components.securitySchemes}
 * @param scheme the Security Scheme Object
 * @see <a href="https://spec.openapis.org/oas/v3.1.0#security-scheme-object">OpenAPI 3.1 Security Scheme
 *     Object</a>
 */
public record SecurityScheme(String name, Map<String, Object> scheme) {

    /** The key of the device authorization flow in an OpenAPI 3.1 OAuth Flows Object (an extension). */
    public static final String DEVICE_FLOW = "x-deviceAuthorization";

    /** An OpenAPI component name. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9.\\-_]+");

    /** Validates and copies the components. */
    public SecurityScheme {
        checkName(name);
        scheme = Collections.unmodifiableMap(new LinkedHashMap<>(scheme));
    }

    /**
     * Checks a scheme name: OpenAPI component names are letters, digits, {@code .}, {@code -} and {@code _}.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException when it has another character
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A security scheme name may only have letters, digits, '.', '-'"
                    + " and '_' (OpenAPI components): '" + name + "'");
        }
        return name;
    }

    /** The Security Scheme Object, as JSON-ready maps and lists. */
    public Map<String, Object> toOpenApi() {
        return scheme;
    }

    /**
     * A Security Requirement Object naming this scheme with the scopes an operation needs.
     *
     * @param scopes the scopes
     * @return {@code {name: [scopes]}}
     * @see <a href="https://spec.openapis.org/oas/v3.1.0#security-requirement-object">OpenAPI 3.1 Security
     *     Requirement Object</a>
     */
    public Map<String, Object> requirement(String... scopes) {
        return Map.of(name, java.util.List.of(scopes));
    }

    /** An {@code openIdConnect} scheme pointing at the issuer's discovery document. */
    static SecurityScheme openIdConnect(String name, String description, String issuer) {
        Map<String, Object> scheme = new LinkedHashMap<>();
        scheme.put("type", "openIdConnect");
        describe(scheme, description);
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        scheme.put("openIdConnectUrl", base + "/.well-known/openid-configuration");
        return new SecurityScheme(name, scheme);
    }

    /** An {@code oauth2} scheme with one flow. */
    static SecurityScheme oauth2(String name, String description, String flowKey, Map<String, Object> flow) {
        Map<String, Object> scheme = new LinkedHashMap<>();
        scheme.put("type", "oauth2");
        describe(scheme, description);
        scheme.put("flows", Map.of(flowKey, flow));
        return new SecurityScheme(name, scheme);
    }

    private static void describe(Map<String, Object> scheme, String description) {
        if (description != null && !description.isEmpty()) {
            scheme.put("description", description);
        }
    }
}

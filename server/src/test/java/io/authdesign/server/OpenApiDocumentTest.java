package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /openapi.json}: an OpenAPI 3.1 document of the reference server's own routes, protected with
 * the design's security schemes, that a well-kept OpenAPI parser (swagger-parser) reads without a message.
 */
class OpenApiDocumentTest {

    @Test
    void documentThenValidOpenApi31WithTheDesignsSchemesOnTheProtectedRoute() {
        try (TestServer test = TestServer.start(ClientCredentialsHttpTest.CONFIG)) {
            HttpResponse<String> response = Http.get(test.baseUrl() + OpenApiDocument.PATH);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/json");

            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(response.body(), null, options);

            assertThat(result.getMessages()).isEmpty();
            OpenAPI api = result.getOpenAPI();
            assertThat(api.getOpenapi()).isEqualTo("3.1.0");
            assertThat(api.getServers())
                    .singleElement()
                    .satisfies(server -> assertThat(server.getUrl()).isEqualTo(test.issuer()));
            Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
            assertThat(schemes).containsKeys("oidc-multiple-flows", "oauth2-client-credentials");
            assertThat(schemes.get("oidc-multiple-flows").getType()).isEqualTo(SecurityScheme.Type.OPENIDCONNECT);
            assertThat(schemes.get("oidc-multiple-flows").getOpenIdConnectUrl())
                    .isEqualTo(test.issuer() + "/.well-known/openid-configuration");
            SecurityScheme clientCredentials = schemes.get("oauth2-client-credentials");
            assertThat(clientCredentials.getType()).isEqualTo(SecurityScheme.Type.OAUTH2);
            assertThat(clientCredentials.getFlows().getClientCredentials().getTokenUrl())
                    .isEqualTo(test.issuer() + "/oauth2/token");
            assertThat(clientCredentials.getFlows().getClientCredentials().getScopes())
                    .containsKeys("read", "write");
            List<SecurityRequirement> meSecurity =
                    api.getPaths().get("/api/me").getGet().getSecurity();
            assertThat(meSecurity)
                    .extracting(requirement -> requirement.keySet().iterator().next())
                    .containsAll(schemes.keySet());
            assertThat(api.getPaths().get("/health").getGet().getSecurity()).isEmpty();
        }
    }
}

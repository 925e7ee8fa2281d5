package io.authdesign.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reference server's example configuration file, indented under {@code authdesign:} and nothing else
 * changed, starts the sample: the same issuer, clients, users and file storage beside the file.
 */
class ReferenceConfigTest {

    /** The reference server's example configuration (server/examples/server.yaml). */
    static final Path REFERENCE_CONFIG = Path.of("../../server/examples/server.yaml");

    @Test
    void referenceServerConfigIndentedUnderAuthdesignThenServesDiscoveryAndTokens() throws Exception {
        String reference = Files.readString(REFERENCE_CONFIG);
        String indented =
                "authdesign:\n" + reference.lines().map(line -> "  " + line).collect(Collectors.joining("\n")) + "\n";
        // the file says port 9000: the test listens on any free port instead, on the command line
        try (SampleServer server = SampleServer.start(indented, "--server.port=0")) {
            HttpResponse<String> discovery = server.get("/.well-known/openid-configuration");
            assertThat(discovery.statusCode()).isEqualTo(200);
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(discovery.body());
            assertThat(metadata.getIssuer().getValue()).isEqualTo("http://127.0.0.1:9000");
            assertThat(metadata.getTokenEndpointURI()).hasToString("http://127.0.0.1:9000/oauth2/token");
            assertThat(metadata.getRegistrationEndpointURI())
                    .as("registration: {policy: off}")
                    .isNull();

            URI tokenEndpoint =
                    URI.create(server.baseUrl() + metadata.getTokenEndpointURI().getPath());
            TokenResponse response = TokenResponse.parse(new TokenRequest.Builder(
                            tokenEndpoint,
                            new ClientSecretBasic(new ClientID("svc"), new Secret("change-me")),
                            new ClientCredentialsGrant())
                    .scope(new Scope("read"))
                    .build()
                    .toHTTPRequest()
                    .send());
            assertThat(response.indicatesSuccess())
                    .as(() -> response.toErrorResponse().getErrorObject().toString())
                    .isTrue();
            AccessTokenResponse tokens = response.toSuccessResponse();
            SignedJWT token =
                    SignedJWT.parse(tokens.getTokens().getAccessToken().getValue());
            assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("http://127.0.0.1:9000");
            assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
            assertThat(token.getJWTClaimsSet().getExpirationTime().getTime()
                            - token.getJWTClaimsSet().getIssueTime().getTime())
                    .isEqualTo(3600_000L);

            HttpResponse<String> me = server.get(
                    "/api/me",
                    "Authorization",
                    "Bearer " + tokens.getTokens().getAccessToken().getValue());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).isEqualTo("{\"sub\":\"svc\",\"client_id\":\"svc\",\"scope\":\"read\"}");

            // file storage, its path relative to the configuration file as the reference server reads it
            assertThat(server.directory().resolve("authdesign-data")).isDirectory();
        }
    }
}

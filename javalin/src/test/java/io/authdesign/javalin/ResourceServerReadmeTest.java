package io.authdesign.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.resource.ResourceServer;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

/** The README's Javalin resource server example ({@code snippet:resource-server-short}), compiled and run. */
class ResourceServerReadmeTest {

    @Test
    void readmeExampleThenProtectsRoutesWithoutMountingEndpoints() throws Exception {
        // snippet:resource-server-short:begin
        ResourceServer protection = ResourceServer.builder()
                .issuer("https://auth.example.com")
                .publicUrl("https://api.example.com")
                .audience("https://api.example.com")
                .build();
        Javalin app = Javalin.create(config -> config.registerPlugin(AuthDesignPlugin.resourceServer(protection)));
        // snippet:resource-server-short:end
        app.start("127.0.0.1", 0);
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port()
                                            + "/.well-known/oauth-authorization-server"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        } finally {
            app.stop();
        }
    }
}

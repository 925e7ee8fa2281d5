package io.authdesign.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.http.HttpResponse;
import io.authdesign.resource.AuthResult;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ResourceAuthenticator;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;

/** The plugin turns off Jetty's per-connection header cache; bearer tokens on one connection stay apart. */
class HeaderCacheTest {

    /** Accepts {@code Bearer token-<subject>-<padding>} and echoes the subject; refuses anything else. */
    private static final ResourceAuthenticator BY_SUBJECT = (request, scopes) -> request.header("Authorization")
            .filter(value -> value.startsWith("Bearer token-"))
            .<AuthResult>map(value -> new AuthResult.Authenticated(new Credentials(
                    value.substring("Bearer token-".length(), value.indexOf('-', "Bearer token-".length())),
                    "client",
                    Set.of(),
                    Map.of())))
            .orElseGet(() -> new AuthResult.Refused(HttpResponse.status(401)
                    .header("WWW-Authenticate", "Bearer")
                    .build()));

    @Test
    void pluginWhenRegisteredThenJettyCachesNoHeaderLines() {
        Javalin app = start(config -> config.registerPlugin(AuthDesignPlugin.resourceServer(BY_SUBJECT)));
        try {
            assertThat(httpConfiguration(app).getHeaderCacheSize()).isZero();
        } finally {
            app.stop();
        }
    }

    @Test
    void applicationWhenSettingTheSizeAfterThePluginThenItsOwnIsKept() {
        Javalin app = start(config -> {
            config.registerPlugin(AuthDesignPlugin.resourceServer(BY_SUBJECT));
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(512));
        });
        try {
            assertThat(httpConfiguration(app).getHeaderCacheSize()).isEqualTo(512);
        } finally {
            app.stop();
        }
    }

    @Test
    void protectedRouteWhenLongTokensAlternateOnOneConnectionThenEachIsReadAsSent() throws Exception {
        Javalin app = start(config -> {
            config.registerPlugin(AuthDesignPlugin.resourceServer(BY_SUBJECT));
            config.routes.get(
                    "/api/me",
                    ctx -> ctx.result(AuthDesignPlugin.credentials(ctx).subject()),
                    AuthDesignPlugin.protect());
        });
        String padding = "x".repeat(700);
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI me = URI.create("http://127.0.0.1:" + app.port() + "/api/me");
            for (String subject : List.of("alice", "bob", "alice", "carol", "bob")) {
                java.net.http.HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(me)
                                .header("Authorization", "Bearer token-" + subject + "-" + padding)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(subject);
            }
            java.net.http.HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(me)
                            .header("Authorization", "Bearer other-" + padding)
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        } finally {
            app.stop();
        }
    }

    private static Javalin start(Consumer<io.javalin.config.JavalinConfig> config) {
        return Javalin.create(config::accept).start("127.0.0.1", 0);
    }

    private static HttpConfiguration httpConfiguration(Javalin app) {
        return app.jettyServer()
                .server()
                .getConnectors()[0]
                .getConnectionFactory(HttpConnectionFactory.class)
                .getHttpConfiguration();
    }
}

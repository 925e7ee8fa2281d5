package io.authdesign.javalin;

import io.authdesign.flow.AuthDesign;
import io.authdesign.resource.Credentials;
import io.authdesign.testkit.ServerAdapter;
import io.authdesign.testkit.TestRoute;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** Starts the shared suites' servers as Javalin applications with the {@link AuthDesignPlugin}. */
public final class JavalinAdapter implements ServerAdapter {

    @Override
    public Running start(AuthDesign design, int port, List<TestRoute> routes) {
        Javalin app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.registerPlugin(new AuthDesignPlugin(design));
                    for (TestRoute route : routes) {
                        if (route.protectedRoute()) {
                            config.routes.get(
                                    route.path(),
                                    ctx -> ctx.result(route.answer().apply(credentials(ctx))),
                                    AuthDesignPlugin.protect(route.scopes().toArray(String[]::new)));
                        } else {
                            config.routes.get(
                                    route.path(),
                                    ctx -> ctx.result(route.answer().apply(credentials(ctx))));
                        }
                    }
                })
                .start("127.0.0.1", port);
        return new Running() {
            @Override
            public int port() {
                return app.port();
            }

            @Override
            public void close() {
                app.stop();
            }
        };
    }

    /** What the plugin exposes to the route: an unprotected route has no credentials. */
    private static Optional<Credentials> credentials(Context ctx) {
        try {
            return Optional.of(AuthDesignPlugin.credentials(ctx));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }
}

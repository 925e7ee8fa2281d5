package io.authdesign.javalin;

import io.authdesign.flow.AuthDesign;
import io.authdesign.resource.Credentials;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.testkit.ServerAdapter;
import io.authdesign.testkit.TestRoute;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Optional;

/** Starts the shared suites' servers as Javalin applications with the {@link AuthDesignPlugin}. */
public final class JavalinAdapter implements ServerAdapter {

    @Override
    public Running start(AuthDesign design, int port, List<TestRoute> routes) {
        return start(new AuthDesignPlugin(design), port, routes);
    }

    @Override
    public Running startResourceServer(ResourceAuthenticator authenticator, List<TestRoute> routes) {
        return start(AuthDesignPlugin.resourceServer(authenticator), 0, routes);
    }

    private static Running start(AuthDesignPlugin plugin, int port, List<TestRoute> routes) {
        Javalin app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.registerPlugin(plugin);
                    for (TestRoute route : routes) {
                        RouteRole[] roles = route.protectedRoute()
                                ? new RouteRole[] {
                                    AuthDesignPlugin.protect(route.scopes().toArray(String[]::new))
                                }
                                : new RouteRole[0];
                        Handler handler = ctx -> ctx.result(route.answer().apply(credentials(ctx)));
                        switch (route.method()) {
                            case "GET" -> config.routes.get(route.path(), handler, roles);
                            case "POST" -> config.routes.post(route.path(), handler, roles);
                            default -> throw new IllegalArgumentException("Unsupported route method " + route.method());
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

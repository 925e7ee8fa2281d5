package io.authdesign.servlet;

import io.authdesign.flow.AuthDesign;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.testkit.ServerAdapter;
import io.authdesign.testkit.TestRoute;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Starts the shared suites' servers in embedded Jetty 12 (ee10, Servlet 6.0) on virtual threads: the
 * design's endpoints by {@link AuthDesignServlet} at {@code /*}, each route by its own servlet at its exact
 * path, protected ones behind a {@link ProtectedRoutesFilter} mapped at that path.
 */
public final class JettyAdapter implements ServerAdapter {

    @Override
    public Running start(AuthDesign design, int port, List<TestRoute> routes) {
        return start(design, design.authenticator(), port, routes);
    }

    @Override
    public Running startResourceServer(ResourceAuthenticator authenticator, List<TestRoute> routes) {
        return start(null, authenticator, 0, routes);
    }

    private static Running start(
            AuthDesign design, ResourceAuthenticator authenticator, int port, List<TestRoute> routes) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (design != null) {
            context.addServlet(new ServletHolder(new AuthDesignServlet(design)), "/*");
        }
        Map<String, List<TestRoute>> byPath = new LinkedHashMap<>();
        routes.forEach(route ->
                byPath.computeIfAbsent(route.path(), p -> new ArrayList<>()).add(route));
        byPath.forEach((path, pathRoutes) -> context.addServlet(new ServletHolder(new RouteServlet(pathRoutes)), path));
        for (TestRoute route : routes) {
            if (route.protectedRoute()) {
                ProtectedRoutesFilter filter =
                        new ProtectedRoutesFilter(authenticator, route.scopes().toArray(String[]::new));
                context.addFilter(
                        new FilterHolder(RouteServlet.protection(route, filter)),
                        route.path(),
                        EnumSet.of(DispatcherType.REQUEST));
            }
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
        return new Running() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("Jetty did not stop", e);
                }
            }
        };
    }
}

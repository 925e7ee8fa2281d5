package io.authdesign.servlet;

import io.authdesign.flow.AuthDesign;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.testkit.ServerAdapter;
import io.authdesign.testkit.TestRoute;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Starts the shared suites' servers in embedded Tomcat 11 (Servlet 6.1) on virtual threads: the design's
 * endpoints by {@link AuthDesignFilter} at {@code /*} in front of the application's servlets (so the
 * filter's pass-through is exercised too), each route by its own servlet at its exact path, protected ones
 * behind a {@link ProtectedRoutesFilter} mapped at that path.
 */
public final class TomcatAdapter implements ServerAdapter {

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
        Path base;
        try {
            base = Files.createTempDirectory("authdesign-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        if (!connector.setProperty("address", "127.0.0.1") || !connector.setProperty("useVirtualThreads", "true")) {
            throw new IllegalStateException("Tomcat refused the connector settings");
        }
        tomcat.setConnector(connector);
        // Tomcat's default error page shows the exception and its stack trace, and answers a request with
        // broken framing itself: without report and server information, as Spring Boot configures it.
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        Context context = tomcat.addContext("", null);
        if (context instanceof StandardContext standard) {
            // the leak detection on stop needs --add-opens and says so at every stop: nothing to detect here
            standard.setClearReferencesRmiTargets(false);
            standard.setClearReferencesThreadLocals(false);
        }
        if (design != null) {
            filter(context, "authdesign", new AuthDesignFilter(design), "/*");
        }
        // Tomcat runs filters only for a request some servlet maps: the application's default servlet
        // (here one that answers 404) stands behind the filter, as in any real application.
        Tomcat.addServlet(context, "default", new NotFoundServlet());
        context.addServletMapping("/", "default");
        int n = 0;
        for (TestRoute route : routes) {
            if (route.protectedRoute()) {
                ProtectedRoutesFilter filter =
                        new ProtectedRoutesFilter(authenticator, route.scopes().toArray(String[]::new));
                filter(context, "protection" + n++, RouteServlet.protection(route, filter), route.path());
            }
        }
        Map<String, List<TestRoute>> byPath = new LinkedHashMap<>();
        routes.forEach(route ->
                byPath.computeIfAbsent(route.path(), p -> new ArrayList<>()).add(route));
        for (Map.Entry<String, List<TestRoute>> path : byPath.entrySet()) {
            String name = "route" + n++;
            Tomcat.addServlet(context, name, new RouteServlet(path.getValue()));
            context.addServletMapping(path.getKey(), name);
        }
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
        return new Running() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (LifecycleException e) {
                    throw new IllegalStateException("Tomcat did not stop", e);
                }
            }
        };
    }

    @Override
    public boolean answersUnreadableBodies() {
        return false;
    }

    /** The application's default servlet: nothing here. */
    private static final class NotFoundServlet extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentLength(0);
        }
    }

    private static void filter(Context context, String name, Filter filter, String pattern) {
        FilterDef definition = new FilterDef();
        definition.setFilterName(name);
        definition.setFilter(filter);
        context.addFilterDef(definition);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName(name);
        mapping.addURLPattern(pattern);
        context.addFilterMap(mapping);
    }
}

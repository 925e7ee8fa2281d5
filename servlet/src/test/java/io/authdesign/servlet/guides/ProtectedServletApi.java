package io.authdesign.servlet.guides;

import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.resource.Credentials;
import io.authdesign.servlet.AuthDesignFilter;
import io.authdesign.servlet.ProtectedRoutesFilter;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** An authorization server and the API it protects, in one servlet container (embedded Jetty 12). */
public final class ProtectedServletApi {

    /** GET /api/orders: for tokens with the scope orders:read. */
    static final class OrdersServlet extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Credentials caller = ProtectedRoutesFilter.credentials(request); // who the token is for
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("orders of " + caller.clientId());
        }
    }

    public static Server start(String issuer, int port, String clientSecret) throws Exception {
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(new SecureRandom());
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder("orders-client")
                .secret(ClientSecret.of(hasher.hash(clientSecret)))
                .grantTypes("client_credentials")
                .scopes("orders:read")
                .build());
        AuthDesign design = ReadyClientCredentialsFlow.builder()
                .clients(clients, hasher)
                .build()
                .install(OAuth2ClientCredentialsBuilder.create()
                        .setIssuer(issuer)
                        .addClientAuthenticationMethod("client_secret_basic"))
                .build();

        ServletContextHandler context = new ServletContextHandler("/");
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        // the endpoints (/oauth2/token, metadata, JWKS) in front of everything
        context.addFilter(new FilterHolder(new AuthDesignFilter(design)), "/*", requests);
        // one ProtectedRoutesFilter per protected path, holding every scope the path needs
        context.addFilter(
                new FilterHolder(new ProtectedRoutesFilter(design, "orders:read")), "/api/orders/*", requests);
        context.addServlet(new ServletHolder(new OrdersServlet()), "/api/orders/*");

        QueuedThreadPool threads = new QueuedThreadPool(); // handlers block: run them on virtual threads
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return server;
    }

    private ProtectedServletApi() {}
}

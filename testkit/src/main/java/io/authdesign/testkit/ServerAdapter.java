package io.authdesign.testkit;

import io.authdesign.flow.AuthDesign;
import io.authdesign.resource.ResourceAuthenticator;
import java.util.List;

/**
 * How the shared black-box suites start a server of one HTTP adapter (Javalin, a Servlet container, ...):
 * the adapter's only test-specific code. Name the implementation with {@link AdapterUnderTest}.
 */
public interface ServerAdapter {

    /**
     * Starts a server on 127.0.0.1 that serves the design's endpoints at their paths (the issuer's path
     * is not a context path here) and the application routes, {@link TestRoute#protectedRoute() protected}
     * ones through the adapter's protection of resource routes.
     *
     * @param design the design
     * @param port the port, 0 for any free one
     * @param routes the application's routes, each {@code GET}, answering {@code text/plain}
     * @return the running server
     */
    Running start(AuthDesign design, int port, List<TestRoute> routes);

    /**
     * Starts an API apart from any authorization server on 127.0.0.1 and a free port: no endpoint, only the
     * routes, the protected ones checked by the authenticator (such as a {@code ResourceServer}).
     *
     * @param authenticator the authenticator of the protected routes
     * @param routes the API's routes
     * @return the running server
     */
    Running startResourceServer(ResourceAuthenticator authenticator, List<TestRoute> routes);

    /**
     * Whether the adapter answers a request whose body cannot be read (broken chunked framing) with the
     * endpoint's own {@code invalid_request} JSON. Tomcat answers such a request itself, with its error
     * page for 400, before the application can; the suites then require only a 400 without internal
     * detail, the handler not being called.
     *
     * @return true unless the container answers unreadable bodies itself
     */
    default boolean answersUnreadableBodies() {
        return true;
    }

    /** A started server. */
    interface Running extends AutoCloseable {
        /** The port it listens on. */
        int port();

        /** Stops the server. */
        @Override
        void close();
    }
}

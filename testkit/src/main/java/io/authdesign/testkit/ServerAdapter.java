package io.authdesign.testkit;

import io.authdesign.flow.AuthDesign;
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

    /** A started server. */
    interface Running extends AutoCloseable {
        /** The port it listens on. */
        int port();

        /** Stops the server. */
        @Override
        void close();
    }
}

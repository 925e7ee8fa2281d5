package io.authdesign.testkit;

import io.authdesign.resource.Credentials;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An application route beside a design's endpoints: {@code method path} answering 200 {@code text/plain} with
 * {@code answer} applied to the request's credentials, which a protected route always has and an open
 * route never has.
 *
 * @param method the HTTP method
 * @param path the exact path
 * @param protectedRoute whether the adapter protects it with the design's authenticator
 * @param scopes the scopes a protected route requires
 * @param answer the body, from the credentials the adapter exposes to the application
 */
public record TestRoute(
        String method,
        String path,
        boolean protectedRoute,
        Set<String> scopes,
        Function<Optional<Credentials>, String> answer) {

    /** Copies the scopes. */
    public TestRoute {
        scopes = Set.copyOf(scopes);
    }

    /** A route the adapter protects, requiring these scopes. */
    static TestRoute protectedRoute(String path, Function<Optional<Credentials>, String> answer, String... scopes) {
        return new TestRoute("GET", path, true, Set.of(scopes), answer);
    }

    /** A POST route the adapter protects, requiring these scopes. */
    static TestRoute protectedPost(String path, Function<Optional<Credentials>, String> answer, String... scopes) {
        return new TestRoute("POST", path, true, Set.of(scopes), answer);
    }

    /** A route the adapter leaves open. */
    static TestRoute open(String path, Function<Optional<Credentials>, String> answer) {
        return new TestRoute("GET", path, false, Set.of(), answer);
    }
}

package io.authdesign.flow;

import io.authdesign.client.ClientAuthContext;
import io.authdesign.http.Endpoint;
import io.authdesign.internal.Issuer;
import io.authdesign.lifecycle.IntrospectionEndpoint;
import io.authdesign.lifecycle.IntrospectionRoute;
import io.authdesign.lifecycle.RevocationEndpoint;
import io.authdesign.lifecycle.RevocationRoute;
import io.authdesign.lifecycle.Served;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The revocation and introspection endpoints of a design, merged over its flows: one endpoint each, at
 * the path of the flows' routes, authenticating with every such flow's methods and asking their handlers in
 * order; and their discovery members.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2">RFC 7009 section 2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7662#section-2">RFC 7662 section 2</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414#section-2">RFC 8414 section 2</a>
 */
final class LifecycleEndpoints {

    private LifecycleEndpoints() {}

    private static List<Served<RevocationRoute>> revocation(List<OAuth2Flow> flows) {
        return served(flows, settings -> settings.revocationRoute());
    }

    private static List<Served<IntrospectionRoute>> introspection(List<OAuth2Flow> flows) {
        return served(flows, settings -> settings.introspectionRoute());
    }

    private static <R> List<Served<R>> served(List<OAuth2Flow> flows, Function<FlowSettings, R> route) {
        List<Served<R>> served = new ArrayList<>();
        for (OAuth2Flow flow : flows) {
            R r = route.apply(flow.settings());
            if (r != null) {
                served.add(new Served<>(r, flow.settings().grantSettings()));
            }
        }
        return served;
    }

    /** Fails when two flows of one design put the same endpoint at different paths. */
    static void checkPaths(List<OAuth2Flow> flows) {
        Set<String> revocation = new LinkedHashSet<>();
        revocation(flows).forEach(served -> revocation.add(served.route().getPath()));
        Set<String> introspection = new LinkedHashSet<>();
        introspection(flows).forEach(served -> introspection.add(served.route().getPath()));
        if (revocation.size() > 1 || introspection.size() > 1) {
            throw new IllegalStateException("The flows of a MultipleFlows serve revocation or introspection at"
                    + " different paths: " + revocation + " " + introspection);
        }
    }

    static List<Endpoint> endpoints(String issuer, List<OAuth2Flow> flows, Logger logger) {
        List<Endpoint> endpoints = new ArrayList<>();
        List<Served<RevocationRoute>> revocation = revocation(flows);
        if (!revocation.isEmpty()) {
            String path = revocation.get(0).route().getPath();
            endpoints.add(new Endpoint(
                    "POST", path, new RevocationEndpoint(revocation, context(issuer, path, flows), logger)));
        }
        List<Served<IntrospectionRoute>> introspection = introspection(flows);
        if (!introspection.isEmpty()) {
            String path = introspection.get(0).route().getPath();
            endpoints.add(new Endpoint(
                    "POST", path, new IntrospectionEndpoint(introspection, context(issuer, path, flows), logger)));
        }
        return endpoints;
    }

    private static ClientAuthContext context(String issuer, String path, List<OAuth2Flow> flows) {
        return new ClientAuthContext(
                issuer, Issuer.url(issuer, path), flows.get(0).settings().clock());
    }

    /** {@code revocation_endpoint}, {@code introspection_endpoint} and their authentication methods. */
    static void metadata(Map<String, Object> document, String issuer, List<OAuth2Flow> flows) {
        List<Served<RevocationRoute>> revocation = revocation(flows);
        if (!revocation.isEmpty()) {
            document.put(
                    "revocation_endpoint",
                    Issuer.url(issuer, revocation.get(0).route().getPath()));
            document.put("revocation_endpoint_auth_methods_supported", methods(revocation));
        }
        List<Served<IntrospectionRoute>> introspection = introspection(flows);
        if (!introspection.isEmpty()) {
            document.put(
                    "introspection_endpoint",
                    Issuer.url(issuer, introspection.get(0).route().getPath()));
            document.put("introspection_endpoint_auth_methods_supported", methods(introspection));
            Set<String> algorithms = new LinkedHashSet<>();
            introspection.stream()
                    .filter(served -> served.settings().jwt().isAvailable())
                    .forEach(served -> algorithms.add(
                            served.settings().jwt().accessTokenAlgorithm().jws().getName()));
            if (!algorithms.isEmpty()) {
                // RFC 9701 section 7
                document.put("introspection_signing_alg_values_supported", List.copyOf(algorithms));
            }
        }
    }

    private static List<String> methods(List<? extends Served<?>> served) {
        Set<String> methods = new LinkedHashSet<>();
        served.forEach(
                s -> s.settings().methods().forEach(m -> methods.add(m.method().value())));
        return FlowBuilder.inMethodOrder(methods);
    }
}

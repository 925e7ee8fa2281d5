package io.authdesign.device;

import io.authdesign.http.HttpRequest;
import io.authdesign.internal.RoutePaths;
import java.util.Objects;

/**
 * The device authorization endpoint, configured in {@code authorizationRoute(route -> ...)} of a device
 * flow: its path and the {@code generateCode} handler.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.1">RFC 8628 section 3.1</a>
 */
public final class DeviceAuthorizationRoute {

    /** The default path. */
    public static final String DEFAULT_PATH = "/oauth2/devicecode";

    /** Issues the device and user codes. */
    @FunctionalInterface
    public interface DeviceCodeGenerator {
        /**
         * Issues codes for an authenticated client.
         *
         * @param context the client and scope
         * @param request the HTTP request
         * @return the response, an {@link io.authdesign.OAuth2Error} ({@code invalid_scope},
         *     {@code unauthorized_client}...), or {@code null} for {@code invalid_client}
         * @throws Exception on failure: the client receives {@code server_error}
         */
        Object generateCode(DeviceAuthorizationContext context, HttpRequest request) throws Exception;
    }

    private String path = DEFAULT_PATH;
    private DeviceCodeGenerator generator = (context, request) -> null;

    /** Creates the route at the default path. */
    public DeviceAuthorizationRoute() {}

    /** Sets the path. */
    public DeviceAuthorizationRoute setPath(String path) {
        this.path = RoutePaths.check(path);
        return this;
    }

    /** Sets the handler. */
    public DeviceAuthorizationRoute generateCode(DeviceCodeGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
        return this;
    }

    /** The path. */
    public String getPath() {
        return path;
    }

    /** The handler. */
    public DeviceCodeGenerator getGenerator() {
        return generator;
    }
}

package io.authdesign.spring;

import io.authdesign.flow.AuthDesign;
import io.authdesign.server.ConfigException;
import io.authdesign.server.ServerAssembly;
import io.authdesign.servlet.AuthDesignFilter;
import io.authdesign.spring.security.AuthDesignResourceServer;
import jakarta.servlet.DispatcherType;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Serves the reference server's authorization server in Spring Boot's embedded servlet container: built by
 * {@link ServerAssembly} from the properties under {@code authdesign:}, which have the keys and the meaning of
 * the reference server's configuration file (README, "Configuration file"), so one configuration moves
 * between them unchanged. An application's own {@link AuthDesign} bean replaces the assembled one; the
 * design's endpoints and pages are answered by an {@link AuthDesignFilter} before Spring Security and the
 * application's controllers.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8414">RFC 8414</a>
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AuthDesignAutoConfiguration {

    /** The order of the endpoints' filter: after the encoding and observation filters, before Spring Security. */
    public static final int FILTER_ORDER = -110;

    /** Creates the auto-configuration. */
    public AuthDesignAutoConfiguration() {}

    /**
     * The assembled server, started (first signing key, scheduled rotation and purge), unless the application
     * defines its own design.
     *
     * @param environment where the {@code authdesign} properties are
     * @return the assembly
     * @throws ConfigException when a property is missing or wrong, naming it
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({AuthDesign.class, ServerAssembly.class})
    public ServerAssembly authDesignAssembly(Environment environment) throws ConfigException {
        Map<String, Object> tree = AuthDesignProperties.tree(environment);
        ServerAssembly assembly = ServerAssembly.fromTree(
                "the " + AuthDesignProperties.PREFIX + " properties",
                tree,
                AuthDesignProperties.baseDirectory(environment));
        try {
            assembly.start();
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
        return assembly;
    }

    /**
     * The design the assembly built.
     *
     * @param assembly the assembled server
     * @return its design
     */
    @Bean
    @ConditionalOnMissingBean(AuthDesign.class)
    public AuthDesign authDesign(ServerAssembly assembly) {
        return assembly.design();
    }

    /**
     * Mounts the design's endpoints and pages at their paths; every other request goes on to the
     * application.
     *
     * @param design the design
     * @return the filter's registration
     */
    @Bean
    public FilterRegistrationBean<AuthDesignFilter> authDesignFilter(AuthDesign design) {
        FilterRegistrationBean<AuthDesignFilter> registration =
                new FilterRegistrationBean<>(new AuthDesignFilter(design));
        registration.setName("authDesignFilter");
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /**
     * Listens where the configuration's {@code host} and {@code port} say, as the reference server does,
     * unless {@code server.address} or {@code server.port} say otherwise.
     *
     * @param environment the environment
     * @param assembly the assembled server, when there is one
     * @return the customizer
     */
    @Bean
    public WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> authDesignListenAddress(
            Environment environment, ObjectProvider<ServerAssembly> assembly) {
        return factory -> assembly.ifAvailable(server -> {
            if (environment.containsProperty(AuthDesignProperties.PREFIX + ".port")
                    && !environment.containsProperty("server.port")) {
                factory.setPort(server.port());
            }
            if (environment.containsProperty(AuthDesignProperties.PREFIX + ".host")
                    && !environment.containsProperty("server.address")) {
                try {
                    factory.setAddress(java.net.InetAddress.getByName(server.host()));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(
                            "authdesign.host '" + server.host() + "' is not an address of this machine", e);
                }
            }
        });
    }

    /** The resource server side, when Spring Security is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HttpSecurity.class)
    static class SecurityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AuthDesignResourceServer authDesignResourceServer(AuthDesign design) {
            return new AuthDesignResourceServer(design.authenticator());
        }
    }
}

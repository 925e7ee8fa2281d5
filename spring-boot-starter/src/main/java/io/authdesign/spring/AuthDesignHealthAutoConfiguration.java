package io.authdesign.spring;

import io.authdesign.server.ServerAssembly;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health of the assembled server's stores ({@code /actuator/health} component {@code authDesign}), when
 * Actuator's health support is on the class path: up with the storage type, whether Redis is used and the
 * number of published signing keys; down, naming only the failure's type, when a store cannot be read.
 */
@AutoConfiguration(after = AuthDesignAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ServerAssembly.class)
public class AuthDesignHealthAutoConfiguration {

    /** Creates the auto-configuration. */
    public AuthDesignHealthAutoConfiguration() {}

    /**
     * The indicator.
     *
     * @param assembly the assembled server
     * @return the indicator, reading the stores once per check
     */
    @Bean
    @ConditionalOnMissingBean(name = "authDesignHealthIndicator")
    public HealthIndicator authDesignHealthIndicator(ServerAssembly assembly) {
        return () -> {
            try {
                return Health.up().withDetails(assembly.checkStores()).build();
            } catch (RuntimeException e) {
                return Health.down()
                        .withDetail("error", e.getClass().getSimpleName())
                        .build();
            }
        };
    }
}

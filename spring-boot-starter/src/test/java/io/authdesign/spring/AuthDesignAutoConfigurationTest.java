package io.authdesign.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.server.ConfigException;
import io.authdesign.server.ServerAssembly;
import io.authdesign.servlet.AuthDesignFilter;
import io.authdesign.spring.security.AuthDesignResourceServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

class AuthDesignAutoConfigurationTest {

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(AuthDesignAutoConfiguration.class, AuthDesignHealthAutoConfiguration.class))
            .withPropertyValues(
                    "authdesign.issuer=http://127.0.0.1:9000",
                    "authdesign.storage.type=memory",
                    "authdesign.clients[0].clientId=svc",
                    "authdesign.clients[0].clientSecret=change-me",
                    "authdesign.clients[0].authMethods[0]=client_secret_basic",
                    "authdesign.clients[0].grantTypes[0]=client_credentials",
                    "authdesign.clients[0].scopes[0]=read");

    @Test
    void propertiesThenTheAssembledServerIsServedAndItsStoresHealthy() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            ServerAssembly assembly = context.getBean(ServerAssembly.class);
            assertThat(context.getBean(AuthDesign.class)).isSameAs(assembly.design());
            assertThat(assembly.design().authorizationServerMetadata().get("issuer"))
                    .isEqualTo("http://127.0.0.1:9000");
            assertThat(context.getBean(FilterRegistrationBean.class).getFilter())
                    .isInstanceOf(AuthDesignFilter.class);
            assertThat(context).hasSingleBean(AuthDesignResourceServer.class);
            var health = context.getBean("authDesignHealthIndicator", HealthIndicator.class)
                    .health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("storage", "memory").containsEntry("redis", false);
            assertThat((Integer) health.getDetails().get("signingKeys")).isPositive();
        });
    }

    @Test
    void wrongPropertyThenTheApplicationDoesNotStartAndTheErrorNamesTheKey() {
        runner.withPropertyValues("authdesign.clients[0].grantTypes[0]=password")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(ConfigException.class)
                            .hasMessageContaining("clients[0].grantTypes[0]")
                            .hasMessageContaining("unknown grant type 'password'");
                });
    }

    @Test
    void unknownKeyThenRefusedAsTheReferenceServerRefusesIt() {
        runner.withPropertyValues("authdesign.tokenTTL=60").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tokenTTL");
        });
    }

    @Test
    void applicationsOwnDesignThenItReplacesTheAssembledOne() {
        runner.withUserConfiguration(OwnDesign.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ServerAssembly.class);
            assertThat(context).doesNotHaveBean("authDesignHealthIndicator");
            assertThat(context.getBean(AuthDesign.class)).isSameAs(context.getBean(OwnDesign.class).design);
            assertThat(context.getBean(FilterRegistrationBean.class).getFilter())
                    .isInstanceOf(AuthDesignFilter.class);
        });
    }

    @Test
    void withoutSpringSecurityThenNoResourceServerBean() {
        runner.withClassLoader(new FilteredClassLoader(HttpSecurity.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(AuthDesignResourceServer.class);
            assertThat(context).hasSingleBean(ServerAssembly.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDesign {

        final AuthDesign design = OAuth2ClientCredentialsBuilder.create()
                .setIssuer("http://127.0.0.1:8080")
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .tokenRoute(route -> route.generateToken((ctx, request) -> new OAuth2TokenResponse("token")))
                .build();

        @Bean
        AuthDesign ownDesign() {
            return design;
        }
    }
}

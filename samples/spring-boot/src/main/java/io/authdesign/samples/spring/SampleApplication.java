package io.authdesign.samples.spring;

import io.authdesign.spring.security.AuthDesignPrincipal;
import io.authdesign.spring.security.AuthDesignResourceServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring Boot sample: the starter serves the authorization server configured under {@code authdesign:}
 * (discovery, JWKS, token, authorization, device, userinfo, the pages); this application adds the protected
 * {@code GET /api/me}, answered as the reference server answers it. Run it with
 * {@code java -jar authdesign-spring-boot-sample.jar --spring.config.additional-location=file:my.yml}.
 */
@SpringBootApplication
@RestController
public class SampleApplication {

    /** Creates the application. */
    public SampleApplication() {}

    /**
     * Starts the application.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /**
     * {@code /api/**} needs an access token of the authorization server (Bearer or DPoP).
     *
     * @param http the security builder
     * @param authDesign the starter's resource server configurer
     * @return the chain of the API
     * @throws Exception when the chain cannot be built
     */
    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthDesignResourceServer authDesign) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(routes -> routes.anyRequest().authenticated())
                .csrf(AbstractHttpConfigurer::disable) // tokens, not cookies
                .with(authDesign, Customizer.withDefaults())
                .build();
    }

    /**
     * {@code GET /api/me}: the validated token's subject, client and scopes.
     *
     * @param token the validated access token
     * @return {@code {"sub", "client_id", "scope"}}
     */
    @GetMapping("/api/me")
    ResponseEntity<Map<String, Object>> me(@AuthenticationPrincipal AuthDesignPrincipal token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", token.sub());
        body.put("client_id", token.clientId());
        body.put("scope", String.join(" ", new TreeSet<>(token.scope())));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noStore())
                .body(body);
    }
}

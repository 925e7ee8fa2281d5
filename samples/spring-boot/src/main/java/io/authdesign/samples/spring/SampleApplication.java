package io.authdesign.samples.spring;

import io.authdesign.spring.security.AuthDesignPrincipal;
import io.authdesign.spring.security.AuthDesignResourceServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
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
 * {@code GET /api/me}, answered as the reference server answers it, and {@code GET /api/admin/status}, which
 * needs the scope {@code write}. Run it with
 * {@code java -jar authdesign-spring-boot-sample.jar --spring.config.additional-location=file:my.yml}.
 */
// no users of Spring's own: every sign-in is the authorization server's, so no generated password either
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
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

    // spring-boot:begin
    // /api/** needs an access token of the authorization server (Bearer or DPoP); /api/admin/** the scope write
    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthDesignResourceServer authDesign) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(routes -> routes.requestMatchers("/api/admin/**")
                        .access(AuthDesignResourceServer.scopes("write"))
                        .anyRequest()
                        .authenticated())
                .csrf(AbstractHttpConfigurer::disable) // tokens, not cookies
                .with(authDesign, Customizer.withDefaults())
                .build();
    }

    // GET /api/me: the validated token's subject, client and scopes
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
    // spring-boot:end

    // GET /api/admin/status: a route that needs the scope write
    @GetMapping("/api/admin/status")
    Map<String, Object> status() {
        return Map.of("status", "ok");
    }
}

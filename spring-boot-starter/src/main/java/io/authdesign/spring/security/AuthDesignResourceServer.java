package io.authdesign.spring.security;

import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.resource.AuthResult;
import io.authdesign.resource.ResourceAuthenticator;
import io.authdesign.servlet.ProtectedRoutesFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security for resource routes, backed by the design's authenticator: a request's Bearer or DPoP
 * access token is checked by the library (RFC 6750, RFC 9449 section 7) through an
 * {@link AuthDesignAuthenticationProvider}, and becomes an {@link AuthDesignAuthentication} whose principal is
 * an {@link AuthDesignPrincipal} ({@code @AuthenticationPrincipal}) with authorities {@code SCOPE_<scope>}.
 * Refusals are the library's: 401 without an error when no token came, 401 {@code invalid_token} or {@code
 * invalid_dpop_proof}, 400 {@code invalid_request}, each with its {@code WWW-Authenticate} challenge; a route
 * denied by {@link #scopes(String...)} answers 403 {@code insufficient_scope} naming the scopes (RFC 6750
 * section 3.1). The starter defines this bean when Spring Security is present:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http, AuthDesignResourceServer authDesign) {
 *     return http.securityMatcher("/api/**")
 *             .authorizeHttpRequests(routes -> routes
 *                     .requestMatchers("/api/admin/**").access(AuthDesignResourceServer.scopes("admin"))
 *                     .anyRequest().authenticated())
 *             .csrf(csrf -> csrf.disable()) // tokens, not cookies
 *             .with(authDesign, Customizer.withDefaults())
 *             .build();
 * }
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6750#section-3">RFC 6750 section 3</a>
 */
public final class AuthDesignResourceServer extends AbstractHttpConfigurer<AuthDesignResourceServer, HttpSecurity> {

    private static final String REQUIRED_SCOPES = AuthDesignResourceServer.class.getName() + ".requiredScopes";
    private static final byte[] INSUFFICIENT_SCOPE =
            "{\"error\":\"insufficient_scope\",\"error_description\":\"The access token lacks a required scope\"}"
                    .getBytes(StandardCharsets.UTF_8);

    /**
     * The commas between the challenges of one header (RFC 9110 section 11.6.1): before a scheme, a token
     * not followed by {@code =}, unlike an auth parameter.
     */
    private static final java.util.regex.Pattern CHALLENGES =
            java.util.regex.Pattern.compile(",\\s*(?=[A-Za-z][\\w!#$%&'*+.^`|~-]*(?:\\s+[^=\\s,]|\\s*,|\\s*$))");

    private final ResourceAuthenticator authenticator;

    /**
     * Creates the configurer.
     *
     * @param authenticator the design's authenticator ({@code design.authenticator()})
     */
    public AuthDesignResourceServer(ResourceAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public void init(HttpSecurity http) {
        http.exceptionHandling(
                handling -> handling.authenticationEntryPoint(entryPoint()).accessDeniedHandler(accessDeniedHandler()));
        // tokens, not sessions: no request is saved (in a new session) to replay after a sign-in; set as the
        // shared object, which the exception handling reads when it is configured
        http.setSharedObject(RequestCache.class, new NullRequestCache());
    }

    @Override
    public void configure(HttpSecurity http) {
        http.addFilterBefore(filter(), AnonymousAuthenticationFilter.class);
    }

    /**
     * A route that needs the scopes: granted when the token carries every one, else denied with 403 {@code
     * insufficient_scope} naming them (RFC 6750 section 3.1).
     *
     * @param scopes the scopes the route needs
     * @return the authorization manager for {@code .access(...)}
     */
    public static AuthorizationManager<RequestAuthorizationContext> scopes(String... scopes) {
        Set<String> required = Set.of(scopes);
        return (authentication, context) -> {
            Authentication current = authentication.get();
            boolean granted = current instanceof AuthDesignAuthentication token
                    && token.getPrincipal() instanceof AuthDesignPrincipal principal
                    && principal.scope().containsAll(required);
            if (!granted) {
                context.getRequest().setAttribute(REQUIRED_SCOPES, required);
            }
            return new AuthorizationDecision(granted);
        };
    }

    /**
     * The filter that authenticates a request carrying an {@code Authorization} header; a refused token gets
     * the library's response at once.
     *
     * @return the filter
     */
    public OncePerRequestFilter filter() {
        ProviderManager manager = new ProviderManager(new AuthDesignAuthenticationProvider(authenticator));
        AuthenticationEntryPoint entryPoint = entryPoint();
        SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getHeader("Authorization") == null) {
                    chain.doFilter(request, response);
                    return;
                }
                try {
                    Authentication result = manager.authenticate(
                            AuthDesignAuthentication.unauthenticated(ProtectedRoutesFilter.requestLine(request)));
                    SecurityContext context = contexts.createEmptyContext();
                    context.setAuthentication(result);
                    contexts.setContext(context);
                } catch (AuthenticationException e) {
                    contexts.clearContext();
                    entryPoint.commence(request, response, e);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /**
     * The 401 of a request without an accepted token: the library's refusal, or its challenge when no token
     * came (RFC 6750 section 3.1).
     *
     * @return the entry point
     */
    public AuthenticationEntryPoint entryPoint() {
        return (request, response, exception) -> {
            if (exception instanceof AuthDesignAuthenticationProvider.Refused refused) {
                ProtectedRoutesFilter.send(refused.refusal(), response);
            } else if (authenticator.guard(ProtectedRoutesFilter.requestLine(request), Set.of())
                    instanceof AuthResult.Refused refusal) {
                ProtectedRoutesFilter.send(refusal, response);
            } else {
                response.sendError(401);
            }
        };
    }

    /**
     * The 403 of an authenticated token a route denies: {@code insufficient_scope} with the scopes
     * {@link #scopes(String...)} required, in the challenge of the token's scheme (RFC 6750 section 3.1, RFC
     * 9449 section 7.1).
     *
     * @return the handler
     */
    public AccessDeniedHandler accessDeniedHandler() {
        return (request, response, denied) -> {
            String header = request.getHeader("Authorization");
            String scheme = header != null && header.regionMatches(true, 0, "DPoP ", 0, 5) ? "DPoP" : "Bearer";
            StringBuilder challenge = new StringBuilder(scheme)
                    .append(
                            " error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\"");
            if (request.getAttribute(REQUIRED_SCOPES) instanceof Set<?> required && !required.isEmpty()) {
                challenge
                        .append(", scope=\"")
                        .append(String.join(" ", new TreeSet<>(stringsOf(required))))
                        .append('"');
            }
            schemeParameters(scheme).ifPresent(params -> challenge.append(", ").append(params));
            response.setStatus(403);
            response.setHeader("WWW-Authenticate", challenge.toString());
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/json;charset=UTF-8");
            response.setContentLength(INSUFFICIENT_SCOPE.length);
            response.getOutputStream().write(INSUFFICIENT_SCOPE);
        };
    }

    private static List<String> stringsOf(Set<?> values) {
        return values.stream().map(String::valueOf).toList();
    }

    /** The scheme's own parameters (DPoP's {@code algs}) as the library's challenge carries them. */
    private java.util.Optional<String> schemeParameters(String scheme) {
        AuthResult result = authenticator.guard(HttpRequest.builder("GET", "/").build(), Set.of());
        if (!(result instanceof AuthResult.Refused refused)) {
            return java.util.Optional.empty();
        }
        HttpResponse response = refused.response();
        return response.headers().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("WWW-Authenticate"))
                .flatMap(header -> header.getValue().stream())
                .flatMap(value -> CHALLENGES.splitAsStream(value))
                .map(String::trim)
                .filter(value -> value.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1))
                .map(value -> value.substring(scheme.length() + 1).trim())
                .filter(params -> !params.isEmpty())
                .findFirst();
    }
}

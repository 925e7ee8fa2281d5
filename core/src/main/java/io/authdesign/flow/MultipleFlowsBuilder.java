package io.authdesign.flow;

import io.authdesign.token.RoutePaths;
import io.authdesign.token.TokenRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes several flows behind one token endpoint, one issuer and one metadata document.
 *
 * <pre>{@code
 * MultipleFlows design = MultipleFlowsBuilder.create()
 *         .setIssuer("https://auth.example.com")
 *         .tokenEndpoint("/oauth2/token")
 *         .add(OIDCAuthorizationCodeBuilder.create().tokenRoute(...))
 *         .add(OAuth2ClientCredentialsBuilder.create().tokenRoute(...))
 *         .build();
 * }</pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
 */
public final class MultipleFlowsBuilder {

    private final Logger logger;
    private String issuer;
    private String tokenEndpoint = TokenRoute.DEFAULT_PATH;
    private final List<FlowBuilder<?>> flows = new ArrayList<>();

    private MultipleFlowsBuilder(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** Starts a builder that logs to this class's logger. */
    public static MultipleFlowsBuilder create() {
        return create(LoggerFactory.getLogger(MultipleFlows.class));
    }

    /** Starts a builder that logs to the given logger. */
    public static MultipleFlowsBuilder create(Logger logger) {
        return new MultipleFlowsBuilder(logger);
    }

    /**
     * Sets the issuer shared by every flow (RFC 8414 section 2). Required.
     *
     * @param issuer an {@code https} URL without query or fragment ({@code http} only for loopback hosts)
     * @return this builder
     */
    public MultipleFlowsBuilder setIssuer(String issuer) {
        this.issuer = Issuer.check(issuer);
        return this;
    }

    /**
     * Sets the path of the shared token endpoint; {@code /oauth2/token} by default. The flows' own token
     * and refresh paths are not used under a {@code MultipleFlows}.
     *
     * @param path the path
     * @return this builder
     */
    public MultipleFlowsBuilder tokenEndpoint(String path) {
        this.tokenEndpoint = RoutePaths.check(path);
        return this;
    }

    /**
     * Adds a flow, as its builder; it is built with this builder's issuer and logger.
     *
     * @param flow a flow builder
     * @return this builder
     */
    public MultipleFlowsBuilder add(FlowBuilder<?> flow) {
        flows.add(Objects.requireNonNull(flow, "flow"));
        return this;
    }

    /**
     * Builds the composed design.
     *
     * @return the design
     * @throws IllegalStateException when there is no issuer, no flow, or two flows for one grant type
     */
    public MultipleFlows build() {
        if (issuer == null) {
            throw new IllegalStateException("MultipleFlows has no issuer: call setIssuer(...) before build()");
        }
        if (flows.isEmpty()) {
            throw new IllegalStateException("MultipleFlows needs at least one flow: call add(...)");
        }
        List<OAuth2Flow> built = new ArrayList<>();
        for (FlowBuilder<?> flow : flows) {
            OAuth2Flow design = flow.build(flow.settings(issuer, flow.logger()));
            warnOnIgnoredPaths(design);
            built.add(design);
        }
        return new MultipleFlows(issuer, tokenEndpoint, built, logger);
    }

    private void warnOnIgnoredPaths(OAuth2Flow flow) {
        if (!flow.getTokenPath().equals(tokenEndpoint)
                || flow.getRefreshTokenPath()
                        .filter(p -> !p.equals(tokenEndpoint))
                        .isPresent()) {
            logger.warn(
                    "The {} flow's token or refresh path is ignored under MultipleFlows, which serves every grant at {}",
                    flow.grantType(),
                    tokenEndpoint);
        }
    }
}

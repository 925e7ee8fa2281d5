package io.authdesign.testkit;

import io.authdesign.flow.OAuth2AuthorizationCodeBuilder;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.flow.OAuth2DeviceAuthorizationBuilder;
import io.authdesign.token.AuthorizationCodeTokenContext;
import io.authdesign.token.ClientCredentialsTokenContext;
import io.authdesign.token.DeviceCodeTokenContext;
import io.authdesign.token.RefreshTokenContext;

/** Flow builders wired to recording handlers, for the HTTP tests to finish and build. */
final class Designs {

    static final String ISSUER = "https://as.example.com";

    private Designs() {}

    /** A client credentials flow at the default path with the given methods (none: the default, basic). */
    static OAuth2ClientCredentialsBuilder clientCredentials(
            RecordingHandler<ClientCredentialsTokenContext> handler, String... methods) {
        OAuth2ClientCredentialsBuilder builder = OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken(handler));
        for (String method : methods) {
            builder.addClientAuthenticationMethod(method);
        }
        return builder;
    }

    /** An authorization code flow at the default path with the given methods, without refresh route. */
    static OAuth2AuthorizationCodeBuilder authorizationCode(
            RecordingHandler<AuthorizationCodeTokenContext> handler, String... methods) {
        OAuth2AuthorizationCodeBuilder builder = OAuth2AuthorizationCodeBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken(handler));
        for (String method : methods) {
            builder.addClientAuthenticationMethod(method);
        }
        return builder;
    }

    /** A device flow at the default path with the given methods, without refresh route. */
    static OAuth2DeviceAuthorizationBuilder device(
            RecordingHandler<DeviceCodeTokenContext> handler, String... methods) {
        OAuth2DeviceAuthorizationBuilder builder = OAuth2DeviceAuthorizationBuilder.create()
                .setIssuer(ISSUER)
                .tokenRoute(route -> route.generateToken(handler));
        for (String method : methods) {
            builder.addClientAuthenticationMethod(method);
        }
        return builder;
    }

    /** A new recording handler for refresh requests. */
    static RecordingHandler<RefreshTokenContext> refreshHandler(String accessToken) {
        return new RecordingHandler<>(accessToken);
    }
}

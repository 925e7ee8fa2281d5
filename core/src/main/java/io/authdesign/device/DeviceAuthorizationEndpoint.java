package io.authdesign.device;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.client.ClientAuthResult;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.client.CredentialLocation;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.http.OAuth2Responses;
import io.authdesign.internal.FailureLog;
import io.authdesign.token.Scopes;
import org.slf4j.Logger;

/**
 * The device authorization endpoint: the token endpoint's body rules, client authentication as at the
 * token endpoint, scope syntax, then the handler. Responses carry {@code Cache-Control: no-store}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc8628#section-3.1">RFC 8628 section 3.1</a>
 */
public final class DeviceAuthorizationEndpoint implements Endpoint.Handler {

    private final DeviceAuthorizationRoute route;
    private final ClientAuthenticator authenticator;
    private final Logger logger;

    public DeviceAuthorizationEndpoint(
            DeviceAuthorizationRoute route, ClientAuthenticator authenticator, Logger logger) {
        this.route = route;
        this.authenticator = authenticator;
        this.logger = logger;
    }

    @Override
    public HttpResponse handle(HttpRequest http) {
        boolean usedHeader = false;
        try {
            FormRequest request = FormRequest.parse(http);
            CredentialLocation location = ClientAuthenticator.locate(request);
            usedHeader = location == CredentialLocation.AUTHORIZATION_HEADER;
            ClientAuthResult authentication = authenticator.authenticate(request, location);
            if (!(authentication instanceof ClientAuthResult.Authenticated authenticated)) {
                return OAuth2Responses.error(((ClientAuthResult.Rejected) authentication).error(), usedHeader);
            }
            if (request.param("scope")
                    .filter(scope -> !Scopes.isWellFormed(scope))
                    .isPresent()) {
                throw new OAuth2Exception(OAuth2ErrorCode.INVALID_SCOPE, "The scope parameter is malformed");
            }
            var client = authenticated.client();
            Object result;
            try {
                result = route.getGenerator()
                        .generateCode(
                                new DeviceAuthorizationContext(
                                        client.clientId(),
                                        client.secret(),
                                        client.method(),
                                        request.param("scope"),
                                        client.issuerAudience()),
                                http);
            } catch (Exception e) {
                FailureLog.log(logger, e, "The device code handler failed for client '{}'", client.clientId());
                return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
            }
            return switch (result) {
                case DeviceCodeResponse codes -> OAuth2Responses.json(200, codes.toJsonObject());
                case OAuth2Error error -> OAuth2Responses.error(error, usedHeader);
                case null ->
                    OAuth2Responses.error(
                            OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, ClientAuthenticator.FAILED), usedHeader);
                default -> {
                    logger.error(
                            "The device code handler returned a {}",
                            result.getClass().getName());
                    yield OAuth2Responses.error(OAuth2Responses.SERVER_ERROR, usedHeader);
                }
            };
        } catch (OAuth2Exception e) {
            return OAuth2Responses.error(e.error(), usedHeader);
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "The device authorization endpoint failed on {}", http);
            return OAuth2Responses.error(OAuth2Responses.failure(e), usedHeader);
        }
    }
}

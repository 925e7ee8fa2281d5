package io.authdesign.flow;

import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import io.authdesign.TokenResult;
import io.authdesign.http.Endpoint;
import io.authdesign.http.FormParameters;
import io.authdesign.http.FormRequest;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import io.authdesign.store.FailureLog;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The token endpoint: checks the request's form, then dispatches on {@code grant_type} to the grant's
 * handler. Every response carries {@code Cache-Control: no-store}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-3.2">RFC 6749 section 3.2</a>
 */
final class TokenEndpoint implements Endpoint.Handler {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final Map<String, GrantHandler> grants;
    private final Logger logger;

    TokenEndpoint(Map<String, GrantHandler> grants, Logger logger) {
        this.grants = Map.copyOf(grants);
        this.logger = logger;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        try {
            FormRequest form = parse(request);
            String grantType = form.param("grant_type")
                    .orElseThrow(() -> new OAuth2Exception(
                            OAuth2ErrorCode.INVALID_REQUEST, "The request is missing the 'grant_type' parameter"));
            GrantHandler grant = grants.get(grantType);
            if (grant == null) {
                throw new OAuth2Exception(
                        OAuth2ErrorCode.UNSUPPORTED_GRANT_TYPE, "The grant type is not supported by this endpoint");
            }
            TokenResult result = grant.handle(form);
            return OAuth2Responses.forResult(result, request);
        } catch (OAuth2Exception e) {
            return OAuth2Responses.error(e.error(), request);
        } catch (Grant.NonceRequired e) {
            return OAuth2Responses.error(
                            OAuth2Error.of(OAuth2ErrorCode.USE_DPOP_NONCE, "Use the server-provided DPoP nonce"),
                            request)
                    .withHeaders(Map.of("DPoP-Nonce", List.of(e.nonce())));
        } catch (RuntimeException e) {
            FailureLog.log(logger, e, "The token endpoint failed on {}", request);
            return OAuth2Responses.error(OAuth2Responses.failure(e), request);
        }
    }

    /**
     * Checks size and media type, then parses the form body (RFC 6749 section 3.2: parameters in the
     * body, form-encoded, none repeated).
     */
    static FormRequest parse(HttpRequest request) throws OAuth2Exception {
        if (request.bodyLength() > HttpRequest.MAX_BODY_BYTES) {
            throw new OAuth2Exception(OAuth2ErrorCode.INVALID_REQUEST, "The request body is too large");
        }
        if (!request.mediaType().equals(FORM)) {
            throw new OAuth2Exception(OAuth2Error.of(
                    OAuth2ErrorCode.INVALID_REQUEST, "The request body must be application/x-www-form-urlencoded"));
        }
        return new FormRequest(request, FormParameters.parse(request.body()));
    }
}

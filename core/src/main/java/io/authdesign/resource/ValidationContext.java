package io.authdesign.resource;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TokenValidator} receives: the presented token, and its verified claims when the flow
 * verifies JWT access tokens ({@code useAccessTokenJwks(true)}).
 *
 * @param token the access token from the Authorization header
 * @param jwtAccessTokenPayload the verified claims, if the flow verified the token as a JWT
 * @param dpopJkt the thumbprint of the request's valid DPoP proof key; a validator of opaque DPoP tokens
 *     must check that the token is bound to it
 */
public record ValidationContext(
        String token, Optional<Map<String, Object>> jwtAccessTokenPayload, Optional<String> dpopJkt) {}

package io.authdesign.resource;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TokenValidator} receives: the presented token, and its verified claims when the flow
 * verifies JWT access tokens ({@code useAccessTokenJwks(true)}).
 *
 * @param token the access token from the Authorization header
 * @param jwtAccessTokenPayload the verified claims, if the flow verified the token as a JWT
 */
public record ValidationContext(String token, Optional<Map<String, Object>> jwtAccessTokenPayload) {}

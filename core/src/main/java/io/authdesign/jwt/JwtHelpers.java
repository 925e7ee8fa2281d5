package io.authdesign.jwt;

import com.nimbusds.jose.JWSObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JWT helpers of handler contexts ({@code createJwtAccessToken}, {@code createJwtRefreshToken},
 * {@code createIdToken}, {@code verifyJwt}), bound to one flow's issuer, algorithms and token lifetime. A flow without keys has
 * helpers that refuse with {@link IllegalStateException}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9068">RFC 9068</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#IDToken">OpenID Connect Core section 2</a>
 */
public final class JwtHelpers {

    /** The {@code typ} of access tokens (RFC 9068 section 2.1). */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";

    /** The default claims of an access token, in the order they are written (RFC 9068 section 2.2). */
    private static final String[] DEFAULT_CLAIMS = {"iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope"};

    /** The {@code typ} of JWT introspection responses (RFC 9701 section 5). */
    public static final String INTROSPECTION_TYPE = "token-introspection+jwt";

    /** The {@code typ} of ID tokens. */
    public static final String ID_TOKEN_TYPE = "JWT";

    /**
     * The {@code typ} of refresh tokens minted as JWTs by {@link #createJwtRefreshToken}: explicit typing
     * (RFC 8725 section 3.11), so that a refresh token never verifies as an access token at a protected
     * route, nor an access token as a refresh token.
     */
    public static final String REFRESH_TOKEN_TYPE = "rt+jwt";

    private final JwtAuthority authority;
    private final String issuer;
    private final SigningAlgorithm accessTokenAlgorithm;
    private final List<SigningAlgorithm> idTokenAlgorithms;
    private final long ttl;
    private final List<String> audiences;
    private final boolean openId;
    private final Clock clock;

    /**
     * Creates helpers that sign ID tokens with one algorithm.
     *
     * @param authority the keys, signer and verifier, or {@code null} when the flow has no keys
     * @param issuer the issuer
     * @param accessTokenAlgorithm the access token algorithm
     * @param idTokenAlgorithm the ID token algorithm
     * @param ttl the token lifetime in seconds
     * @param audiences the default access token audiences (the issuer when empty)
     * @param openId whether the flow may issue ID tokens
     * @param clock the clock
     */
    public JwtHelpers(
            JwtAuthority authority,
            String issuer,
            SigningAlgorithm accessTokenAlgorithm,
            SigningAlgorithm idTokenAlgorithm,
            long ttl,
            List<String> audiences,
            boolean openId,
            Clock clock) {
        this(authority, issuer, accessTokenAlgorithm, List.of(idTokenAlgorithm), ttl, audiences, openId, clock);
    }

    /**
     * Creates helpers.
     *
     * @param authority the keys, signer and verifier, or {@code null} when the flow has no keys
     * @param issuer the issuer
     * @param accessTokenAlgorithm the access token algorithm
     * @param idTokenAlgorithms the algorithms ID tokens may be signed with, the default first
     * @param ttl the token lifetime in seconds
     * @param audiences the default access token audiences (the issuer when empty)
     * @param openId whether the flow may issue ID tokens
     * @param clock the clock
     */
    public JwtHelpers(
            JwtAuthority authority,
            String issuer,
            SigningAlgorithm accessTokenAlgorithm,
            List<SigningAlgorithm> idTokenAlgorithms,
            long ttl,
            List<String> audiences,
            boolean openId,
            Clock clock) {
        if (idTokenAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("At least one ID token algorithm is needed");
        }
        this.authority = authority;
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.accessTokenAlgorithm = accessTokenAlgorithm;
        this.idTokenAlgorithms = List.copyOf(idTokenAlgorithms);
        this.ttl = ttl;
        this.audiences = audiences.isEmpty() ? List.of(issuer) : List.copyOf(audiences);
        this.openId = openId;
        this.clock = clock;
    }

    /** Whether the flow issues ID tokens: an OIDC flow with keys. */
    public boolean issuesIdTokens() {
        return openId && authority != null;
    }

    /**
     * The lifetime of the flow's access and ID tokens in seconds, the {@code expires_in} of a response
     * (RFC 6749 section 5.1).
     */
    public long tokenTtl() {
        return ttl;
    }

    /** The issuer of the flow's tokens. */
    public String issuer() {
        return issuer;
    }

    /** Whether the flow has keys, so that the helpers work. */
    public boolean isAvailable() {
        return authority != null;
    }

    private JwtAuthority authority() {
        if (authority == null) {
            throw new IllegalStateException("This flow has no signing keys: configure jwksRoute(...),"
                    + " setJwksKeyStore(...) or useAccessTokenJwks(true), or use an OIDC builder");
        }
        return authority;
    }

    /**
     * Signs an RFC 9068 access token: header {@code typ: at+jwt}; claims {@code iss}, {@code sub} (the
     * client by default), {@code aud}, {@code exp}, {@code iat}, {@code jti}, {@code client_id} and
     * {@code scope} when requested; the given claims override these defaults.
     *
     * @param clientId the client the token is issued to
     * @param scope the requested scope, or {@code null}
     * @param claims claims to add or override
     * @return the token and its key id
     */
    public SignedJwt createJwtAccessToken(String clientId, String scope, Map<String, ?> claims) {
        Instant now = clock.instant();
        Object[] values = {
            issuer,
            clientId,
            audiences.size() == 1 ? audiences.get(0) : audiences,
            now.getEpochSecond() + ttl,
            now.getEpochSecond(),
            TokenIds.next(),
            clientId,
            scope != null && !scope.isEmpty() ? scope : null
        };
        if (overrideInPlace(claims, values)) {
            return authority().signer().sign(accessTokenAlgorithm, ACCESS_TOKEN_TYPE, DEFAULT_CLAIMS, values);
        }
        Map<String, Object> all = CompactJws.claims(DEFAULT_CLAIMS, values);
        claims.forEach(all::put); // no entry set: an immutable map's makes an entry and an iterator
        return authority().signer().sign(accessTokenAlgorithm, ACCESS_TOKEN_TYPE, all);
    }

    /**
     * Puts the given claims in the places of the default ones they override, when they all override one with a
     * value written as it is (a string, a boolean, an integer, {@code exp} and {@code iat} as {@link Long}s, lists
     * and maps of these; a {@code null} leaves the claim out, as the map of them would): the token then needs no map
     * of its claims. Otherwise nothing is put, and the claims go into a map after the defaults.
     */
    private static boolean overrideInPlace(Map<String, ?> claims, Object[] values) {
        if (claims.isEmpty()) {
            return true;
        }
        int overriding = 0;
        for (int k = 0; k < DEFAULT_CLAIMS.length; k++) {
            String name = DEFAULT_CLAIMS[k];
            if (claims.containsKey(name)) {
                overriding++;
                Object value = claims.get(name);
                boolean date = name.equals("exp") || name.equals("iat");
                if (value != null && (!CompactJws.plain(value) || date && !(value instanceof Long))) {
                    return false;
                }
            }
        }
        if (overriding != claims.size()) {
            return false; // a claim of another name: the defaults and the claims go into a map
        }
        for (int k = 0; k < DEFAULT_CLAIMS.length; k++) {
            if (claims.containsKey(DEFAULT_CLAIMS[k])) {
                values[k] = claims.get(DEFAULT_CLAIMS[k]);
            }
        }
        return true;
    }

    /**
     * Signs an OpenID Connect ID token: {@code typ: JWT}; {@code iss}, {@code aud} (the client),
     * {@code exp}, {@code iat}; {@code sub} must be given; {@code nonce}, {@code auth_time} and the rest as
     * given; {@code at_hash} when the access token is passed.
     *
     * @param clientId the client (audience)
     * @param claims the claims, with {@code sub}
     * @param accessToken the access token issued alongside, or {@code null}
     * @return the token and its key id
     */
    public SignedJwt createIdToken(String clientId, Map<String, ?> claims, String accessToken) {
        return createIdToken(clientId, claims, accessToken, idTokenAlgorithms.get(0));
    }

    /**
     * The algorithms ID tokens may be signed with, the default first ({@code
     * id_token_signing_alg_values_supported}).
     */
    public List<SigningAlgorithm> idTokenAlgorithms() {
        return idTokenAlgorithms;
    }

    /**
     * Signs an ID token with a given algorithm, such as the client's registered {@code
     * id_token_signed_response_alg} (OpenID Connect Dynamic Client Registration 1.0 section 2).
     *
     * @param clientId the client (audience)
     * @param claims the claims, with {@code sub}
     * @param accessToken the access token issued alongside, or {@code null}
     * @param algorithm one of {@link #idTokenAlgorithms()}
     * @return the token and its key id
     * @throws IllegalArgumentException when the flow does not sign ID tokens with {@code algorithm}
     */
    public SignedJwt createIdToken(
            String clientId, Map<String, ?> claims, String accessToken, SigningAlgorithm algorithm) {
        if (!idTokenAlgorithms.contains(algorithm)) {
            throw new IllegalArgumentException("This flow signs ID tokens with " + idTokenAlgorithms + " only, not "
                    + algorithm + ": add it with setIdTokenSigningAlgorithms");
        }
        if (!openId) {
            throw new IllegalStateException("ID tokens are issued by OpenID Connect flows only (OIDC...Builder)");
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            throw new IllegalArgumentException("An ID token needs a 'sub' claim");
        }
        Instant now = clock.instant();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("iss", issuer);
        all.put("aud", clientId);
        all.put("exp", now.getEpochSecond() + ttl);
        all.put("iat", now.getEpochSecond());
        all.putAll(claims);
        if (accessToken != null) {
            all.put("at_hash", accessTokenHash(accessToken, algorithm));
        }
        return authority().signer().sign(algorithm, ID_TOKEN_TYPE, all);
    }

    /**
     * Signs a UserInfo response for a client that registered {@code userinfo_signed_response_alg}: header
     * {@code typ: JWT}; the claims as given, then {@code iss} (this issuer) and {@code aud} (the client),
     * which the claims never override. No {@code exp}: the response is read once by the client that asked,
     * and without {@code exp} it never passes for an ID token.
     *
     * @param clientId the client (audience)
     * @param claims the UserInfo claims, with {@code sub}
     * @param algorithm one of {@link #idTokenAlgorithms()}, the algorithms the flow signs for clients
     * @return the signed response
     * @throws IllegalArgumentException when the flow does not sign with {@code algorithm} or {@code sub} is
     *     missing
     * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse">OpenID Connect Core
     *     1.0 section 5.3.2</a>
     */
    public SignedJwt signUserinfoResponse(String clientId, Map<String, ?> claims, SigningAlgorithm algorithm) {
        if (!idTokenAlgorithms.contains(algorithm)) {
            throw new IllegalArgumentException("This flow signs for clients with " + idTokenAlgorithms + " only, not "
                    + algorithm + ": add it with setIdTokenSigningAlgorithms");
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            throw new IllegalArgumentException("A UserInfo response needs a 'sub' claim");
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("iss", issuer);
        all.put("aud", Objects.requireNonNull(clientId, "clientId"));
        claims.forEach((name, value) -> {
            if (!name.equals("iss") && !name.equals("aud")) {
                all.put(name, value);
            }
        });
        return authority().signer().sign(algorithm, ID_TOKEN_TYPE, all);
    }

    /**
     * Signs a refresh token as a JWT for a handler that keeps no refresh token store: header {@code typ:
     * rt+jwt}; claims {@code iss}, {@code sub} (the client by default), {@code aud} (the issuer: only this
     * authorization server reads it), {@code exp} (now + {@code lifetime}), {@code iat}, {@code jti},
     * {@code client_id} and {@code scope} when given; the given claims override these defaults, never
     * {@code typ}. It verifies with {@link #verifyJwtRefreshToken} and never with {@link #verifyJwt}, so
     * protected routes refuse it as an access token.
     *
     * @param clientId the client the token is issued to
     * @param scope the granted scope, or {@code null}
     * @param claims claims to add or override, such as {@code sub} for a user
     * @param lifetime how long the token may be presented; like every token the flow signs, at most the
     *     public key expiry ({@code setPublicKeyExpiry}, 10 hours by default), else signing fails
     * @return the token and its key id
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-6">RFC 6749 section 6</a>
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc8725#section-3.11">RFC 8725 section 3.11</a>
     */
    public SignedJwt createJwtRefreshToken(String clientId, String scope, Map<String, ?> claims, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("A refresh token lifetime must be positive");
        }
        Instant now = clock.instant();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("iss", issuer);
        all.put("sub", clientId);
        all.put("aud", issuer);
        all.put("exp", now.plus(lifetime).getEpochSecond());
        all.put("iat", now.getEpochSecond());
        all.put("jti", TokenIds.next());
        all.put("client_id", clientId);
        if (scope != null && !scope.isEmpty()) {
            all.put("scope", scope);
        }
        all.putAll(claims);
        return authority().signer().sign(accessTokenAlgorithm, REFRESH_TOKEN_TYPE, all);
    }

    /**
     * Verifies a refresh token made by {@link #createJwtRefreshToken} with this flow's keys: allowed
     * algorithm, {@code typ: rt+jwt}, signature, {@code iss}, {@code exp} (required), {@code nbf}, and
     * {@code aud} naming the issuer. An access token or an ID token never verifies here.
     *
     * @param token the token
     * @return the claims, or empty when the token is refused
     */
    public Optional<Map<String, Object>> verifyJwtRefreshToken(String token) {
        if (authority == null) {
            return Optional.empty();
        }
        VerificationRules rules =
                new VerificationRules(Set.of(accessTokenAlgorithm), REFRESH_TOKEN_TYPE, issuer, Set.of(issuer));
        return authority.verifier().verify(token, rules) instanceof JwtVerification.Verified verified
                ? Optional.of(verified.claims())
                : Optional.empty();
    }

    /**
     * Whether a token is a JWS whose header says it is an access token ({@code typ: at+jwt}), read without
     * verification: a handler that returns one as its refresh token would hand the client a refresh token
     * that protected routes accept as a bearer access token.
     *
     * @param token the token
     * @return whether its header's {@code typ} is {@code at+jwt}
     */
    public static boolean isTypedAsAccessToken(String token) {
        if (token.chars().filter(c -> c == '.').count() != 2) {
            return false;
        }
        try {
            return JwtVerifier.typeMatches(JWSObject.parse(token).getHeader().getType(), ACCESS_TOKEN_TYPE);
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Signs an introspection response as a JWT (RFC 9701 section 5): header
     * {@code typ: token-introspection+jwt}, the access token algorithm; claims {@code iss}, {@code aud} (the
     * resource server), {@code iat} and {@code token_introspection} (the JSON response).
     *
     * @param audience the client that asked
     * @param response the introspection response members
     * @return the signed response
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc9701#section-5">RFC 9701 section 5</a>
     */
    public SignedJwt signIntrospectionResponse(String audience, Map<String, Object> response) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("iss", issuer);
        all.put("aud", audience);
        all.put("iat", clock.instant().getEpochSecond());
        all.put("token_introspection", response);
        return authority().signer().sign(accessTokenAlgorithm, INTROSPECTION_TYPE, all);
    }

    /** The access token signing algorithm, also that of JWT introspection responses. */
    public SigningAlgorithm accessTokenAlgorithm() {
        return accessTokenAlgorithm;
    }

    /**
     * Verifies an access token signed by this flow's keys: allowed algorithm, {@code typ: at+jwt},
     * signature, {@code iss}, {@code exp} (required), {@code nbf}, {@code aud} against the configured
     * audiences. An ID token, or any other JWT, never verifies here.
     *
     * @param token the token
     * @return the claims, or empty when the token is refused
     */
    public Optional<Map<String, Object>> verifyJwt(String token) {
        return verify(token) instanceof JwtVerification.Verified verified
                ? Optional.of(verified.claims())
                : Optional.empty();
    }

    /** Like {@link #verifyJwt} with the reason of a refusal. */
    public JwtVerification verify(String token) {
        if (authority == null) {
            return new JwtVerification.Rejected("the flow has no keys");
        }
        VerificationRules rules =
                new VerificationRules(Set.of(accessTokenAlgorithm), ACCESS_TOKEN_TYPE, issuer, Set.copyOf(audiences));
        return authority.verifier().verify(token, rules);
    }

    /**
     * The {@code at_hash} of an access token: the left half of its hash with the ID token algorithm's hash
     * function, base64url (OpenID Connect Core section 3.1.3.6).
     */
    static String accessTokenHash(String accessToken, SigningAlgorithm algorithm) {
        String hash = algorithm == SigningAlgorithm.EdDSA ? "SHA-512" : "SHA-256";
        try {
            byte[] digest = MessageDigest.getInstance(hash).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is required by every Java platform", e);
        }
    }
}

package io.authdesign.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authdesign.OAuth2Error;
import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2TokenResponse;
import io.authdesign.client.ClientSecretBasic;
import io.authdesign.client.ClientSecretPost;
import io.authdesign.client.PrivateKeyJwt;
import io.authdesign.flow.AuthDesign;
import io.authdesign.flow.OAuth2ClientCredentials;
import io.authdesign.flow.OAuth2ClientCredentialsBuilder;
import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.jwt.NativeCrypto;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.replay.ReplayStore;
import io.authdesign.store.GrantRevocationStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The designs and requests the benchmarks (and their smoke test) share. */
public final class Fixtures {

    public static final String ISSUER = "https://auth.example.com";
    public static final String TOKEN_PATH = "/oauth2/token";
    public static final String CLIENT_ID = "svc";
    public static final String SECRET = "a-benchmark-client-secret-of-32-bytes-or-more";
    public static final String FORM = "grant_type=client_credentials&scope=read";

    /** A replay store that accepts every value: the benchmarks measure parsing and crypto, not memory. */
    public static final ReplayStore ACCEPT_ALL = (value, ttl) -> true;

    private Fixtures() {}

    /**
     * Chooses the crypto provider for this JVM before any design exists: {@code native} installs the AWS-LC
     * provider (and fails when it is unusable), {@code jca} keeps the JDK's.
     */
    public static void crypto(String choice) {
        if (choice.equals("jca")) {
            System.setProperty(NativeCrypto.PROPERTY, "jca");
            NativeCrypto.installIfAvailable();
        } else if (NativeCrypto.installIfAvailable().isEmpty()) {
            throw new IllegalStateException("The native provider is not usable on this machine");
        }
    }

    /**
     * A client_credentials design like the reference server's: Basic and post secrets compared in constant
     * time, RFC 9068 JWT access tokens signed with {@code algorithm}, verified at protected routes.
     */
    public static OAuth2ClientCredentials clientCredentials(SigningAlgorithm algorithm) {
        return clientCredentials(algorithm, null);
    }

    /**
     * As {@link #clientCredentials(SigningAlgorithm)}, its protected routes also consulting a revocation list
     * of access tokens when {@code revocations} is not {@code null}.
     */
    public static OAuth2ClientCredentials clientCredentials(
            SigningAlgorithm algorithm, GrantRevocationStore revocations) {
        byte[] expected = SECRET.getBytes(StandardCharsets.UTF_8);
        OAuth2ClientCredentialsBuilder builder = OAuth2ClientCredentialsBuilder.create();
        if (revocations != null) {
            builder.setGrantRevocationStore(revocations);
        }
        return builder.setIssuer(ISSUER)
                .setTokenTTL(3600)
                .setScopes(Map.of("read", "Read", "write", "Write"))
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .addClientAuthenticationMethod(new ClientSecretPost())
                .setAccessTokenSigningAlgorithm(algorithm)
                .useAccessTokenJwks(true)
                .jwksRoute(route -> {})
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    byte[] presented = ctx.clientSecret().orElse("").getBytes(StandardCharsets.UTF_8);
                    if (!ctx.clientId().equals(CLIENT_ID) || !MessageDigest.isEqual(presented, expected)) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed");
                    }
                    String scope = ctx.scope().orElse("read");
                    return new OAuth2TokenResponse(ctx.createJwtAccessToken(Map.of("scope", scope))
                                    .token())
                            .setTokenType(ctx.tokenType())
                            .setExpiresIn(ctx.ttl())
                            .setScope(scope);
                }))
                .build();
    }

    /**
     * A client_credentials design whose handler issues a constant opaque token, so that a token request
     * costs the endpoint and the client authentication only; it accepts {@code private_key_jwt} with
     * {@code keys} (any assertion jti) and the secret methods.
     */
    public static OAuth2ClientCredentials clientAuthentication(PublicKeys keys) {
        byte[] expected = SECRET.getBytes(StandardCharsets.UTF_8);
        return OAuth2ClientCredentialsBuilder.create()
                .setIssuer(ISSUER)
                .addClientAuthenticationMethod(new ClientSecretBasic())
                .addClientAuthenticationMethod(new ClientSecretPost())
                .addClientAuthenticationMethod(new PrivateKeyJwt()
                        .addAlgorithm("ES256")
                        .setReplayStore(ACCEPT_ALL)
                        .getPublicKeyForClient(
                                (clientId, claims, assertion) -> clientId.equals(CLIENT_ID) ? keys : null))
                .tokenRoute(route -> route.generateToken((ctx, request) -> {
                    if (ctx.clientSecret().isPresent()
                            && !MessageDigest.isEqual(
                                    ctx.clientSecret().get().getBytes(StandardCharsets.UTF_8), expected)) {
                        return OAuth2Error.of(OAuth2ErrorCode.INVALID_CLIENT, "Client authentication failed");
                    }
                    return new OAuth2TokenResponse("opaque-token-for-" + ctx.clientId())
                            .setExpiresIn(ctx.ttl())
                            .setScope("read");
                }))
                .build();
    }

    /** The handler of a design's endpoint. */
    public static Endpoint.Handler endpoint(AuthDesign design, String method, String path) {
        return design.endpoints().stream()
                .filter(e -> e.method().equals(method) && e.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No endpoint " + method + " " + path))
                .handler();
    }

    /** A client_credentials token request with Basic authentication. */
    public static HttpRequest basicTokenRequest() {
        String credentials =
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        return form(FORM).header("Authorization", "Basic " + credentials).build();
    }

    /** A client_credentials token request with the secret in the body. */
    public static HttpRequest postTokenRequest() {
        return form(FORM + "&client_id=" + CLIENT_ID + "&client_secret=" + SECRET)
                .build();
    }

    /** A client_credentials token request with a private_key_jwt assertion. */
    public static HttpRequest assertionTokenRequest(String assertion) {
        return form(FORM + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                        + "&client_assertion=" + assertion)
                .build();
    }

    private static HttpRequest.Builder form(String body) {
        return HttpRequest.builder("POST", TOKEN_PATH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Host", "auth.example.com")
                .remoteAddress("127.0.0.1")
                .body(body);
    }

    /** A protected resource request with a bearer token. */
    public static HttpRequest bearer(String token) {
        return HttpRequest.builder("GET", "/api/me")
                .header("Authorization", "Bearer " + token)
                .header("Host", "auth.example.com")
                .build();
    }

    /**
     * A private_key_jwt assertion for {@value #CLIENT_ID}, signed by {@code key}, valid for 10 minutes (the
     * longest lifetime the library accepts): long enough for a benchmark fork.
     */
    public static String assertion(Object key) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(CLIENT_ID)
                .subject(CLIENT_ID)
                .audience(ISSUER + TOKEN_PATH)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt;
        if (key instanceof RSAKey rsa) {
            jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(rsa.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(rsa));
        } else {
            ECKey ec = (ECKey) key;
            jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(ec.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(ec));
        }
        return jwt.serialize();
    }

    /** The client's keys: an RSA 2048 key {@code rsa} and a P-256 key {@code ec}. */
    public static ClientKeys clientKeys() throws JOSEException {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        return new ClientKeys(
                rsa, ec, PublicKeys.parse(new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString()));
    }

    /** A client's key pairs and their public halves as the key lookup returns them. */
    public record ClientKeys(RSAKey rsa, ECKey ec, PublicKeys publicKeys) {}

    /** A DPoP proof for {@code POST htu}, with a fresh ES256 key, issued now. */
    public static String dpopProof(String htu) throws JOSEException {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST")
                .claim("htu", htu)
                .issueTime(new Date())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(key.toPublicJWK())
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}

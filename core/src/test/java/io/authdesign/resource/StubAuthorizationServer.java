package io.authdesign.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.authdesign.http.FormCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An authorization server stub on a free loopback port (the JDK's HTTP server), for the resource server's
 * unit tests: it serves metadata, a JWK Set and an introspection endpoint whose answers the test sets, and
 * counts every request to each.
 */
final class StubAuthorizationServer implements AutoCloseable {

    final HttpServer server;
    final String issuer;
    final AtomicInteger oauthMetadataFetches = new AtomicInteger();
    final AtomicInteger openIdMetadataFetches = new AtomicInteger();
    final AtomicInteger jwksFetches = new AtomicInteger();
    final AtomicInteger introspections = new AtomicInteger();
    final List<String> introspectionAuthorizations = new CopyOnWriteArrayList<>();
    final List<ECKey> published = new CopyOnWriteArrayList<>();

    volatile int oauthMetadataStatus = 200;
    volatile int jwksStatus = 200;
    volatile int introspectionStatus = 200;
    volatile String metadataIssuer;
    /** The introspection answer for a token; a missing token is inactive. */
    final Map<String, Map<String, Object>> introspectionAnswers = new ConcurrentHashMap<>();

    private StubAuthorizationServer(HttpServer server) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        this.metadataIssuer = issuer;
    }

    static StubAuthorizationServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StubAuthorizationServer stub = new StubAuthorizationServer(server);
            stub.published.add(newKey());
            server.createContext(IssuerMetadata.OAUTH_PATH, exchange -> {
                stub.oauthMetadataFetches.incrementAndGet();
                stub.answer(exchange, stub.oauthMetadataStatus, stub.metadata());
            });
            server.createContext(IssuerMetadata.OPENID_PATH, exchange -> {
                stub.openIdMetadataFetches.incrementAndGet();
                stub.answer(exchange, 200, stub.metadata());
            });
            server.createContext("/jwks", exchange -> {
                stub.jwksFetches.incrementAndGet();
                stub.answer(exchange, stub.jwksStatus, new JWKSet(List.copyOf(stub.published)).toJSONObject(true));
            });
            server.createContext("/introspect", exchange -> {
                stub.introspections.incrementAndGet();
                stub.introspectionAuthorizations.add(
                        exchange.getRequestHeaders().getFirst("Authorization"));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String token = FormCodec.decode(body.split("&")[0].substring("token=".length()))
                        .orElseThrow();
                stub.answer(
                        exchange,
                        stub.introspectionStatus,
                        stub.introspectionAnswers.getOrDefault(token, Map.of("active", false)));
            });
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID("k-" + System.nanoTime())
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", metadataIssuer);
        metadata.put("jwks_uri", issuer + "/jwks");
        metadata.put("introspection_endpoint", issuer + "/introspect");
        return metadata;
    }

    private void answer(HttpExchange exchange, int status, Map<String, Object> json) throws IOException {
        byte[] body = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** The claims of a valid RFC 9068 token of this issuer for the audience, issued at {@code now}. */
    Map<String, Object> claims(Instant now, String audience, String scope) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "alice");
        claims.put("aud", audience);
        claims.put("exp", now.getEpochSecond() + 300);
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", "jti-" + System.nanoTime());
        claims.put("client_id", "app");
        claims.put("scope", scope);
        return claims;
    }

    /** Signs claims with a key, as {@code typ} says; {@code edit} may change the header. */
    static String sign(
            ECKey key, String typ, Map<String, Object> claims, Function<JWSHeader.Builder, JWSHeader.Builder> edit) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID());
            if (typ != null) {
                header.type(new JOSEObjectType(typ));
            }
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
            claims.forEach((name, value) -> set.claim(name, dateIfTime(name, value)));
            SignedJWT jwt = new SignedJWT(edit.apply(header).build(), set.build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object dateIfTime(String name, Object value) {
        return List.of("exp", "iat", "nbf").contains(name) && value instanceof Number seconds
                ? new Date(seconds.longValue() * 1000)
                : value;
    }

    /** A token signed with the first published key. */
    String token(Map<String, Object> claims) {
        return sign(published.get(0), "at+jwt", claims, header -> header);
    }

    List<Integer> counts() {
        return new ArrayList<>(List.of(oauthMetadataFetches.get(), jwksFetches.get()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

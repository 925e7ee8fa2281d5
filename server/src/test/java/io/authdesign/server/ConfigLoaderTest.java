package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.store.ClientLinks;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.RegisteredClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ConfigLoader#parse}: the issue's example loads, and every error names file, key and reason. */
class ConfigLoaderTest {

    /** The example of issue 2, verbatim. */
    static final String ISSUE_EXAMPLE = """
            issuer: http://127.0.0.1:9000     # public base URL: used for iss and every advertised endpoint
            port: 9000
            tokenTtl: 3600                    # seconds
            clients:
              - clientId: svc
                clientSecret: change-me       # plain in the file, held only as a hash in memory
                authMethods: [client_secret_basic, client_secret_post]   # also none, client_secret_jwt, private_key_jwt
                grantTypes: [client_credentials]                         # also authorization_code, refresh_token, device_code
                scopes: [read, write]
                redirectUris: []
            users:
              - username: alice
                password: change-me
                claims: { email: alice@example.com, name: Alice }
            """;

    static final String SECRET = "TOPSECRET-7f3a";

    /** The public EC key of RFC 7517 appendix A.1, as a JWK Set in YAML flow style. */
    static final String JWKS = "{keys: [{kty: EC, crv: P-256, kid: '1',"
            + " x: MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4, y: 4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM}]}";

    static final String REDIRECT_SCHEME = "must use https, http on a loopback host, or a private-use scheme named after"
            + " a reverse domain name such as com.example.app (RFC 8252 sections 7.1, 7.3)";

    private final ConfigLoader loader = new ConfigLoader(new SecureRandom());

    static String withClient(String client) {
        return "issuer: https://as.example.com\nclients:\n" + client.indent(2);
    }

    static String withUsers(String users) {
        return "issuer: https://as.example.com\nusers:\n" + users.indent(2);
    }

    /** The registered client of this id, from the configuration's list. */
    static RegisteredClient client(LoadedConfig config, String clientId) {
        return config.clients().stream()
                .filter(client -> client.clientId().equals(clientId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void exampleFileWhenLoadedThenAcceptedWithItsStorageBesideIt() throws ConfigException {
        Path example = Path.of("examples/server.yaml");
        LoadedConfig config = loader.load(example);
        assertThat(config.issuer()).isEqualTo("http://127.0.0.1:9000");
        assertThat(config.clients())
                .extracting(RegisteredClient::clientId)
                .containsExactly("svc", "webapp", "tv", "fapi", "orders-api");
        assertThat(config.storage().type()).isEqualTo("file");
        assertThat(config.storage().path())
                .isEqualTo(example.toAbsolutePath().getParent().resolve("authdesign-data"));
        assertThat(config.registration().policy()).isEqualTo(LoadedConfig.RegistrationPolicy.OFF);
    }

    @Test
    void issueExampleLoads() throws ConfigException {
        LoadedConfig config = loader.parse("example.yaml", ISSUE_EXAMPLE);
        assertThat(config.source()).isEqualTo("example.yaml");
        assertThat(config.issuer()).isEqualTo("http://127.0.0.1:9000");
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.tokenTtl()).isEqualTo(3600);
        RegisteredClient svc = client(config, "svc");
        assertThat(svc.authMethods()).containsExactly("client_secret_basic", "client_secret_post");
        assertThat(svc.grantTypes()).containsExactly("client_credentials");
        assertThat(svc.scopes()).containsExactly("read", "write");
        assertThat(svc.redirectUris()).isEmpty();
        assertThat(config.clientSecrets().matches("change-me", svc.secrets(), Instant.now()))
                .isTrue();
        assertThat(config.clientStore().find("svc")).contains(svc);
        ServerUsers.User alice = config.users().get("alice");
        assertThat(alice.claims()).isEqualTo(Map.of("email", "alice@example.com", "name", "Alice"));
        assertThat(new PasswordHasher(new SecureRandom()).matches("change-me", alice.password()))
                .isTrue();
    }

    @Test
    void onlyIssuerThenDefaults() throws ConfigException {
        LoadedConfig config = loader.parse("min.yaml", "issuer: https://as.example.com/tenant\n");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.tokenTtl()).isEqualTo(3600);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.clients()).isEmpty();
        assertThat(config.users()).isEmpty();
    }

    @Test
    void redisClusterNodeThenLoadedAsGiven() throws ConfigException {
        LoadedConfig config = loader.parse(
                "c.yaml",
                "issuer: https://as.example.com\nstorage:\n  type: memory\nredis: redis-cluster://10.0.0.5:7000\n");
        assertThat(config.storage().redis()).isEqualTo("redis-cluster://10.0.0.5:7000");
    }

    @Test
    void deviceCodeGrantThenStoredAsItsUrn() throws ConfigException {
        LoadedConfig config = loader.parse("c.yaml", withClient("""
                - clientId: tv
                  authMethods: [none]
                  grantTypes: [device_code, refresh_token]
                """));
        assertThat(client(config, "tv").grantTypes())
                .containsExactly("urn:ietf:params:oauth:grant-type:device_code", "refresh_token");
        assertThat(client(config, "tv").secrets()).isEmpty();
    }

    @Test
    void onlyIssuerThenSigningDefaults() throws ConfigException {
        LoadedConfig config = loader.parse("min.yaml", "issuer: https://as.example.com\ntokenTtl: 600\n");
        assertThat(config.signing())
                .isEqualTo(new LoadedConfig.Signing(
                        SigningAlgorithm.ES256,
                        Duration.ofSeconds(86400),
                        Duration.ofSeconds(2 * 86400 + 300 + 600 + 60),
                        List.of(SigningAlgorithm.RS256, SigningAlgorithm.PS256, SigningAlgorithm.ES256)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "PS256", "EdDSA"})
    void signingSettingsThenLoadedAsGiven(String algorithm) throws ConfigException {
        LoadedConfig config = loader.parse(
                "c.yaml",
                "issuer: https://as.example.com\nsigning: {algorithm: " + algorithm
                        + ", rotationInterval: 7200, publicKeyExpiry: 20000}\n");
        assertThat(config.signing())
                .isEqualTo(new LoadedConfig.Signing(
                        SigningAlgorithm.of(algorithm),
                        Duration.ofSeconds(7200),
                        Duration.ofSeconds(20000),
                        List.of(SigningAlgorithm.RS256, SigningAlgorithm.PS256, SigningAlgorithm.ES256)));
    }

    @Test
    void publicKeyExpiryOneSecondAboveTheMinimumThenLoadsAndTheDesignBuilds() throws ConfigException {
        // 86400 s interval + 300 s JWKS max-age + 3600 s token TTL + 60 s skew = 90360 s: the library's rule.
        LoadedConfig config =
                loader.parse("c.yaml", "issuer: https://as.example.com\nsigning: {publicKeyExpiry: 90361}\n");
        assertThat(config.signing().publicKeyExpiry()).isEqualTo(Duration.ofSeconds(90361));
        assertThat(ReferenceServer.design(config, Clock.systemUTC()).jwtAuthority())
                .isPresent();
    }

    @Test
    void tinyRotationIntervalThenLoadsAndTheDesignBuilds() throws ConfigException {
        LoadedConfig config =
                loader.parse("c.yaml", "issuer: https://as.example.com\ntokenTtl: 1\nsigning: {rotationInterval: 1}\n");
        assertThat(config.signing().publicKeyExpiry()).isEqualTo(Duration.ofSeconds(1 + 0 + 1 + 60 + 1));
        assertThat(ReferenceServer.design(config, Clock.systemUTC()).jwtAuthority())
                .isPresent();
    }

    @Test
    void clientSecretJwtClientThenSecretKeptForHmacAndHashed() throws ConfigException {
        String secret = "0123456789abcdef0123456789abcdef";
        LoadedConfig config = loader.parse(
                "c.yaml",
                withClient(
                        "- clientId: a\n  clientSecret: " + secret + "\n"
                                + "  authMethods: [client_secret_jwt, client_secret_basic]\n  grantTypes: [client_credentials]\n"));
        RegisteredClient client = client(config, "a");
        assertThat(client.authMethods()).containsExactly("client_secret_jwt", "client_secret_basic");
        assertThat(config.sharedSecrets().get("a")).isEqualTo(secret);
        assertThat(config.clientSecrets().matches(secret, client.secrets(), Instant.now()))
                .isTrue();
        assertThat(client.jwks()).isNull();
        assertThat(client.jwksUri()).isNull();
    }

    @Test
    void clientSecretJwtSecretOf32BytesButFewerCharactersThenLoads() throws ConfigException {
        String secret = "\u00e9".repeat(16); // 16 characters, 32 bytes in UTF-8
        LoadedConfig config = loader.parse(
                "c.yaml",
                withClient("- clientId: a\n  clientSecret: " + secret + "\n"
                        + "  authMethods: [client_secret_jwt]\n  grantTypes: [client_credentials]\n"));
        assertThat(config.sharedSecrets().get("a")).isEqualTo(secret);
    }

    @Test
    void clientSecretJwtOnlyClientThenRegisteredWithoutAStoredSecret() throws ConfigException {
        String secret = "0123456789abcdef0123456789abcdef";
        LoadedConfig config = loader.parse(
                "c.yaml",
                withClient("- clientId: a\n  clientSecret: " + secret + "\n"
                        + "  authMethods: [client_secret_jwt]\n  grantTypes: [client_credentials]\n"));
        RegisteredClient client = client(config, "a");
        assertThat(client.authMethods()).containsExactly("client_secret_jwt");
        assertThat(client.secrets()).isEmpty();
        assertThat(config.clientStore().find("a")).contains(client);
        assertThat(config.sharedSecrets()).isEqualTo(Map.of("a", secret));
        assertThat(config.clientSecretJwtKeys().find("a")).contains(secret);
        assertThat(config.clientSecretJwtKeys().find("b")).isEmpty();
    }

    @Test
    void introspectionTrueThenOnlyThatClientMayIntrospect() throws ConfigException {
        LoadedConfig config = loader.parse(
                "c.yaml",
                withClient("- clientId: rs\n  clientSecret: s\n  authMethods: [client_secret_basic]\n"
                        + "  grantTypes: [client_credentials]\n  introspection: true\n"
                        + "- clientId: app\n  clientSecret: s\n  authMethods: [client_secret_basic]\n"
                        + "  grantTypes: [client_credentials]\n  introspection: false\n"));

        assertThat(config.introspectionClients()).containsExactly("rs");
    }

    @Test
    void resourcesThenTheRegistrationAllowsThemInOrder() throws ConfigException {
        LoadedConfig config = loader.parse(
                "c.yaml",
                withClient(client("a") + "  resources: ['urn:example:reports', 'https://api.example.com']\n"
                        + client("b")));
        assertThat(client(config, "a").resources()).containsExactly("urn:example:reports", "https://api.example.com");
        assertThat(client(config, "b").resources()).isEmpty();
    }

    @Test
    void backchannelLogoutSettingsThenTheRegistrationCarriesThem() throws ConfigException {
        LoadedConfig config = loader.parse(
                "c.yaml",
                withClient(client("a") + "  backchannelLogoutUri: https://rp.example.com/logout\n"
                        + "  backchannelLogoutSessionRequired: true\n"
                        + client("b") + "  backchannelLogoutUri: http://127.0.0.1:8081/logout\n"
                        + client("c")));
        assertThat(client(config, "a").settings().backchannelLogoutUri()).isEqualTo("https://rp.example.com/logout");
        assertThat(client(config, "a").settings().backchannelLogoutSessionRequired())
                .isTrue();
        assertThat(client(config, "b").settings().backchannelLogoutUri()).isEqualTo("http://127.0.0.1:8081/logout");
        assertThat(client(config, "b").settings().backchannelLogoutSessionRequired())
                .isFalse();
        assertThat(client(config, "c").settings().backchannelLogoutUri()).isNull();
    }

    @Test
    void nameAndLinksThenTheRegistrationCarriesThemAndABadLinkIsAnError() throws ConfigException {
        LoadedConfig config = loader.parse(
                "c.yaml",
                withClient(client("a") + "  clientName: Reports\n"
                        + "  clientUri: https://reports.example.com/\n"
                        + "  logoUri: https://reports.example.com/logo.png\n"
                        + "  policyUri: https://reports.example.com/privacy\n"
                        + "  tosUri: https://reports.example.com/terms\n"
                        + client("b")));
        assertThat(client(config, "a").clientName()).isEqualTo("Reports");
        assertThat(client(config, "a").settings().links())
                .isEqualTo(new ClientLinks(
                        "https://reports.example.com/",
                        "https://reports.example.com/logo.png",
                        "https://reports.example.com/privacy",
                        "https://reports.example.com/terms"));
        assertThat(client(config, "b").clientName()).isEqualTo("b");
        assertThat(client(config, "b").settings().links()).isEqualTo(ClientLinks.NONE);

        assertThatThrownBy(
                        () -> loader.parse("conf.yaml", withClient(client("a") + "  logoUri: javascript:alert(1)\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Configuration error in conf.yaml at 'clients[0].logoUri': must be an absolute https URL"
                        + " without user information (http only on a loopback host)");
    }

    @Test
    void dpopBoundAccessTokensThenTheRegistrationSaysSo() throws ConfigException {
        LoadedConfig config =
                loader.parse("c.yaml", withClient(client("a") + "  dpopBoundAccessTokens: true\n" + client("b")));
        assertThat(client(config, "a").dpopBoundAccessTokens()).isTrue();
        assertThat(client(config, "b").dpopBoundAccessTokens()).isFalse();
    }

    @Test
    void clientsThenRegisteredInConfigurationOrderWithTheirNameAndPkceChoice() throws ConfigException {
        LoadedConfig config = loader.parse("c.yaml", withClient(client("z") + client("a") + """
                - clientId: web
                  clientSecret: web-secret
                  authMethods: [client_secret_basic]
                  grantTypes: [authorization_code, refresh_token]
                  redirectUris: [https://web.example.com/cb]
                  requirePkce: true
                - clientId: web-without-pkce
                  clientSecret: web-secret
                  authMethods: [client_secret_basic]
                  grantTypes: [authorization_code]
                  redirectUris: [https://web.example.com/cb]
                  requirePkce: false
                - clientId: web-by-default
                  clientSecret: web-secret
                  authMethods: [client_secret_basic]
                  grantTypes: [authorization_code]
                  redirectUris: [https://web.example.com/cb]
                """));
        assertThat(config.clients())
                .extracting(RegisteredClient::clientId)
                .containsExactly("z", "a", "web", "web-without-pkce", "web-by-default");
        assertThat(client(config, "web").clientName()).isEqualTo("web");
        assertThat(client(config, "web").requirePkce()).isTrue();
        assertThat(client(config, "web-without-pkce").requirePkce()).isFalse();
        // RFC 9700 section 2.1.1: a confidential client needs PKCE unless its entry opts out
        assertThat(client(config, "web-by-default").requirePkce()).isTrue();
    }

    @Test
    void secretMethodsWithoutClientSecretJwtThenPlainSecretNotKept() throws ConfigException {
        LoadedConfig config = loader.parse("c.yaml", withClient(client("a")));
        assertThat(config.sharedSecrets().get("a")).isNull();
    }

    @Test
    void privateKeyJwtClientWithJwksThenPublicKeysLoaded() throws ConfigException {
        LoadedConfig config = loader.parse("c.yaml", withClient(keyClient("a") + "  jwks: " + JWKS + "\n"));
        RegisteredClient client = client(config, "a");
        assertThat(client.authMethods()).containsExactly("private_key_jwt");
        assertThat(client.secrets()).isEmpty();
        assertThat(config.sharedSecrets().get("a")).isNull();
        assertThat(client.jwksUri()).isNull();
        assertThat(PublicKeys.parse(client.jwks()).jwkSet().getKeys()).hasSize(1);
        assertThat(PublicKeys.parse(client.jwks()).jwkSet().getKeys().get(0).getKeyID())
                .isEqualTo("1");
    }

    @Test
    void privateKeyJwtJwksWithAPrivateKeyThenOnlyItsPublicHalfIsKept() throws Exception {
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId("k1");
        String privateJwk = key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        assertThat(privateJwk).contains("\"d\"");
        LoadedConfig config =
                loader.parse("c.yaml", withClient(keyClient("a") + "  jwks: {keys: [" + privateJwk + "]}\n"));
        JWK loaded =
                PublicKeys.parse(client(config, "a").jwks()).jwkSet().getKeys().get(0);
        assertThat(client(config, "a").jwks()).doesNotContain("\"d\"");
        assertThat(loaded.isPrivate()).isFalse();
        assertThat(loaded.toJSONObject()).doesNotContainKey("d");
    }

    @Test
    void privateKeyJwtClientWithJwksUriThenUriLoaded() throws ConfigException {
        LoadedConfig config = loader.parse(
                "c.yaml", withClient(keyClient("a") + "  jwksUri: https://client.example.com/jwks.json\n"));
        RegisteredClient client = client(config, "a");
        assertThat(client.jwksUri()).isEqualTo("https://client.example.com/jwks.json");
        assertThat(client.jwks()).isNull();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(
                        "back-channel logout URI over plain http to another host",
                        withClient(client("a") + "  backchannelLogoutUri: http://rp.example.com/logout\n"),
                        "clients[0].backchannelLogoutUri",
                        "must be an absolute https URI without fragment (http only on a loopback host)"),
                Arguments.of(
                        "relative back-channel logout URI",
                        withClient(client("a") + "  backchannelLogoutUri: /logout\n"),
                        "clients[0].backchannelLogoutUri",
                        "must be an absolute https URI without fragment (http only on a loopback host)"),
                Arguments.of("missing issuer", "port: 0\n", "issuer", "is required (the server's public base URL)"),
                Arguments.of(
                        "redis not a redis URI",
                        "issuer: https://as.example.com\nredis: http://127.0.0.1:6379\n",
                        "redis",
                        "must be a redis:// or rediss:// URI, or redis-cluster:// or rediss-cluster:// for a node of a"
                                + " Redis Cluster"),
                Arguments.of(
                        "issuer with query",
                        "issuer: https://as.example.com/?tenant=1\n",
                        "issuer",
                        "The issuer must be an absolute URL without query or fragment: 'https://as.example.com/?tenant=1'"
                                + " (RFC 8414 section 2)"),
                Arguments.of(
                        "issuer with fragment",
                        "issuer: https://as.example.com/#x\n",
                        "issuer",
                        "The issuer must be an absolute URL without query or fragment: 'https://as.example.com/#x'"
                                + " (RFC 8414 section 2)"),
                Arguments.of(
                        "http issuer, not loopback",
                        "issuer: http://as.example.com\n",
                        "issuer",
                        "The issuer must use https (http is allowed for loopback hosts only): 'http://as.example.com'"),
                Arguments.of(
                        "unknown top-level key",
                        "issuer: https://as.example.com\nportt: 9000\n",
                        "portt",
                        "unknown key"),
                Arguments.of(
                        "unknown client key",
                        withClient("- clientId: a\n  secret: " + SECRET + "\n"),
                        "clients[0].secret",
                        "unknown key"),
                Arguments.of(
                        "unknown user key",
                        withUsers("- username: a\n  password: p\n  mail: a@example.com\n"),
                        "users[0].mail",
                        "unknown key"),
                Arguments.of(
                        "both key-encryption key forms",
                        "issuer: https://as.example.com\nkeyEncryptionKey: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nkeyEncryptionKeys: [AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=]\n",
                        "keyEncryptionKeys",
                        "cannot be set beside keyEncryptionKey: list every key here"),
                Arguments.of(
                        "key-encryption key list entry not 32 bytes",
                        "issuer: https://as.example.com\nkeyEncryptionKeys: [AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, c2hvcnQ=]\n",
                        "keyEncryptionKeys[1]",
                        "must be 32 bytes in base64"),
                Arguments.of(
                        "key-encryption key listed twice",
                        "issuer: https://as.example.com\nkeyEncryptionKeys: [AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=]\n",
                        "keyEncryptionKeys[1]",
                        "repeats another key-encryption key"),
                Arguments.of(
                        "empty key-encryption key list",
                        "issuer: https://as.example.com\nkeyEncryptionKeys: []\n",
                        "keyEncryptionKeys",
                        "must list at least one key"),
                Arguments.of(
                        "port not a number",
                        "issuer: https://as.example.com\nport: abc\n",
                        "port",
                        "has the wrong type: expected a number"),
                Arguments.of(
                        "port too large",
                        "issuer: https://as.example.com\nport: 65536\n",
                        "port",
                        "must be between 0 and 65535"),
                Arguments.of(
                        "port negative",
                        "issuer: https://as.example.com\nport: -1\n",
                        "port",
                        "must be between 0 and 65535"),
                Arguments.of(
                        "port beyond int",
                        "issuer: https://as.example.com\nport: 99999999999\n",
                        "port",
                        "is out of range"),
                Arguments.of(
                        "tokenTtl zero",
                        "issuer: https://as.example.com\ntokenTtl: 0\n",
                        "tokenTtl",
                        "must be a positive number of seconds"),
                Arguments.of(
                        "tokenTtl not a number",
                        "issuer: https://as.example.com\ntokenTtl: an hour\n",
                        "tokenTtl",
                        "has the wrong type: expected a number"),
                Arguments.of(
                        "clients not a list",
                        "issuer: https://as.example.com\nclients: {clientId: a}\n",
                        "clients",
                        "has the wrong type: expected a list"),
                Arguments.of(
                        "scopes not a list",
                        withClient("- clientId: a\n  authMethods: [none]\n  grantTypes: [authorization_code]\n"
                                + "  scopes: read\n"),
                        "clients[0].scopes",
                        "has the wrong type: expected a list"),
                Arguments.of(
                        "missing clientId",
                        withClient("- authMethods: [none]\n  grantTypes: [authorization_code]\n"),
                        "clients[0].clientId",
                        "is required"),
                Arguments.of(
                        "duplicate clientId",
                        withClient(client("svc") + client("other") + client("svc")),
                        "clients[2].clientId",
                        "is used by another client"),
                Arguments.of(
                        "missing authMethods",
                        withClient(
                                "- clientId: a\n  clientSecret: " + SECRET + "\n  grantTypes: [client_credentials]\n"),
                        "clients[0].authMethods",
                        "is required (for example [client_secret_basic])"),
                Arguments.of(
                        "unknown authMethod",
                        withClient("- clientId: a\n  clientSecret: " + SECRET + "\n"
                                + "  authMethods: [client_secret_basic, tls_client_auth]\n"
                                + "  grantTypes: [client_credentials]\n"),
                        "clients[0].authMethods[1]",
                        "unknown method 'tls_client_auth' (client_secret_basic, client_secret_post,"
                                + " client_secret_jwt, private_key_jwt or none)"),
                Arguments.of(
                        "client_secret_jwt secret of 31 bytes",
                        withClient("- clientId: a\n  clientSecret: " + "s".repeat(31) + "\n"
                                + "  authMethods: [client_secret_jwt]\n  grantTypes: [client_credentials]\n"),
                        "clients[0].clientSecret",
                        "must be at least 32 bytes for client_secret_jwt (HS256)"),
                Arguments.of(
                        "client_secret_jwt without secret",
                        withClient("- clientId: a\n  authMethods: [client_secret_jwt]\n"
                                + "  grantTypes: [client_credentials]\n"),
                        "clients[0].clientSecret",
                        "is required for client_secret_jwt"),
                Arguments.of(
                        "private_key_jwt without keys",
                        withClient("- clientId: a\n  authMethods: [private_key_jwt]\n"
                                + "  grantTypes: [client_credentials]\n"),
                        "clients[0].authMethods",
                        "private_key_jwt needs the client's jwks or jwksUri, and only private_key_jwt uses them"),
                Arguments.of(
                        "jwks on a client without private_key_jwt",
                        withClient(client("a") + "  jwks: " + JWKS + "\n"),
                        "clients[0].jwks",
                        "private_key_jwt needs the client's jwks or jwksUri, and only private_key_jwt uses them"),
                Arguments.of(
                        "jwksUri on a client without private_key_jwt",
                        withClient(client("a") + "  jwksUri: https://client.example.com/jwks\n"),
                        "clients[0].jwksUri",
                        "private_key_jwt needs the client's jwks or jwksUri, and only private_key_jwt uses them"),
                Arguments.of(
                        "both jwks and jwksUri",
                        withClient(keyClient("a") + "  jwks: " + JWKS + "\n"
                                + "  jwksUri: https://client.example.com/jwks\n"),
                        "clients[0].jwksUri",
                        "give either jwks or jwksUri, not both"),
                Arguments.of(
                        "private_key_jwt client with a secret",
                        withClient(keyClient("a") + "  jwks: " + JWKS + "\n  clientSecret: " + SECRET + "\n"),
                        "clients[0].clientSecret",
                        "is not used by private_key_jwt: remove it"),
                Arguments.of(
                        "jwks with no keys",
                        withClient(keyClient("a") + "  jwks: {keys: []}\n"),
                        "clients[0].jwks",
                        "is not a JWK Set with public keys (RFC 7517 section 5)"),
                Arguments.of(
                        "jwks not a JWK Set",
                        withClient(keyClient("a") + "  jwks: {kty: EC, crv: P-256}\n"),
                        "clients[0].jwks",
                        "is not a JWK Set with public keys (RFC 7517 section 5)"),
                Arguments.of(
                        "jwks with only a symmetric key",
                        withClient(keyClient("a") + "  jwks: {keys: [{kty: oct, k: " + SECRET + "}]}\n"),
                        "clients[0].jwks",
                        "is not a JWK Set with public keys (RFC 7517 section 5)"),
                Arguments.of(
                        "jwks a list",
                        withClient(keyClient("a") + "  jwks: [" + JWKS + "]\n"),
                        "clients[0].jwks",
                        "has the wrong type: expected a mapping"),
                Arguments.of(
                        "jwksUri relative",
                        withClient(keyClient("a") + "  jwksUri: /jwks.json\n"),
                        "clients[0].jwksUri",
                        "must be an absolute https URL (http only on a loopback host)"),
                Arguments.of(
                        "jwksUri plain http on a network host",
                        withClient(keyClient("a") + "  jwksUri: http://client.example.com/jwks\n"),
                        "clients[0].jwksUri",
                        "must be an absolute https URL (http only on a loopback host)"),
                Arguments.of(
                        "jwksUri not http",
                        withClient(keyClient("a") + "  jwksUri: ftp://client.example.com/jwks\n"),
                        "clients[0].jwksUri",
                        "must be an absolute https URL (http only on a loopback host)"),
                Arguments.of(
                        "jwksUri not a URI",
                        withClient(keyClient("a") + "  jwksUri: 'https://client.example.com/a b'\n"),
                        "clients[0].jwksUri",
                        "must be an absolute https URL (http only on a loopback host)"),
                Arguments.of(
                        "signing.algorithm unknown",
                        "issuer: https://as.example.com\nsigning: {algorithm: HS256}\n",
                        "signing.algorithm",
                        "must be ES256, RS256, PS256 or EdDSA"),
                Arguments.of(
                        "signing.algorithm in lower case",
                        "issuer: https://as.example.com\nsigning: {algorithm: es256}\n",
                        "signing.algorithm",
                        "must be ES256, RS256, PS256 or EdDSA"),
                Arguments.of(
                        "signing unknown key",
                        "issuer: https://as.example.com\nsigning: {alg: ES256}\n",
                        "signing.alg",
                        "unknown key"),
                Arguments.of(
                        "signing.rotationInterval zero",
                        "issuer: https://as.example.com\nsigning: {rotationInterval: 0}\n",
                        "signing.rotationInterval",
                        "must be a positive number of seconds"),
                Arguments.of(
                        "signing.rotationInterval negative",
                        "issuer: https://as.example.com\nsigning: {rotationInterval: -86400}\n",
                        "signing.rotationInterval",
                        "must be a positive number of seconds"),
                Arguments.of(
                        "signing.publicKeyExpiry equal to interval + max-age + ttl + skew",
                        "issuer: https://as.example.com\nsigning: {publicKeyExpiry: 90360}\n",
                        "signing.publicKeyExpiry",
                        "must exceed rotationInterval + JWKS max-age + tokenTtl + 60 s clock skew (90360 s), or tokens"
                                + " would outlive"
                                + " the key that verifies them"),
                Arguments.of(
                        "signing.publicKeyExpiry below a short interval's needs",
                        "issuer: https://as.example.com\ntokenTtl: 60\n"
                                + "signing: {rotationInterval: 100, publicKeyExpiry: 160}\n",
                        "signing.publicKeyExpiry",
                        "must exceed rotationInterval + JWKS max-age + tokenTtl + 60 s clock skew (245 s), or tokens"
                                + " would outlive the key that verifies them"),
                Arguments.of(
                        "none with a secret method",
                        withClient("- clientId: a\n  clientSecret: " + SECRET + "\n"
                                + "  authMethods: [none, client_secret_basic]\n  grantTypes: [authorization_code]\n"),
                        "clients[0].authMethods",
                        "'none' (a public client) cannot be combined with secret methods"),
                Arguments.of(
                        "confidential client without secret",
                        withClient("- clientId: a\n  authMethods: [client_secret_basic, client_secret_post]\n"
                                + "  grantTypes: [client_credentials]\n"),
                        "clients[0].clientSecret",
                        "is required for client_secret_basic, client_secret_post"),
                Arguments.of(
                        "public client with secret",
                        withClient("- clientId: a\n  clientSecret: " + SECRET + "\n  authMethods: [none]\n"
                                + "  grantTypes: [authorization_code]\n"),
                        "clients[0].clientSecret",
                        "is not used by none: remove it"),
                Arguments.of(
                        "username equal to a client id",
                        "issuer: https://as.example.com\nclients:\n"
                                + client("bob").indent(2)
                                + "users:\n  - username: alice\n    password: p\n  - username: bob\n    password: p\n",
                        "users[1].username",
                        "is also a client id: a user and a client must not share a name (RFC 9700 4.15)"),
                Arguments.of(
                        "requirePkce false on a public client",
                        withClient("- clientId: a\n  authMethods: [none]\n  grantTypes: [authorization_code]\n"
                                + "  redirectUris: ['https://app.example.com/cb']\n  requirePkce: false\n"),
                        "clients[0].requirePkce",
                        "a public client always uses PKCE (RFC 9700 2.1.1): remove it"),
                Arguments.of(
                        "none and client_credentials",
                        withClient("- clientId: a\n  authMethods: [none]\n"
                                + "  grantTypes: [authorization_code, client_credentials]\n"),
                        "clients[0].grantTypes",
                        "client_credentials needs a confidential client (RFC 6749 4.4)"),
                Arguments.of(
                        "missing grantTypes",
                        withClient("- clientId: a\n  clientSecret: " + SECRET
                                + "\n  authMethods: [client_secret_basic]\n"),
                        "clients[0].grantTypes",
                        "is required (for example [client_credentials])"),
                Arguments.of(
                        "unknown grant type",
                        withClient(
                                "- clientId: a\n  clientSecret: " + SECRET + "\n  authMethods: [client_secret_basic]\n"
                                        + "  grantTypes: [client_credentials, password]\n"),
                        "clients[0].grantTypes[1]",
                        "unknown grant type 'password'"
                                + " (client_credentials, authorization_code, refresh_token, device_code or implicit)"),
                Arguments.of(
                        "scope with a space",
                        withClient(client("a") + "  scopes: [read, 'read write']\n"),
                        "clients[0].scopes[1]",
                        "is not a valid scope token"),
                Arguments.of(
                        "scope with a quote",
                        withClient(client("a") + "  scopes: ['re\"ad']\n"),
                        "clients[0].scopes[0]",
                        "is not a valid scope token"),
                Arguments.of(
                        "empty scope",
                        withClient(client("a") + "  scopes: ['']\n"),
                        "clients[0].scopes[0]",
                        "is not a valid scope token"),
                Arguments.of(
                        "relative redirectUri",
                        withClient(client("a") + "  redirectUris: [/callback]\n"),
                        "clients[0].redirectUris[0]",
                        "must be absolute, without fragment (RFC 6749 section 3.1.2)"),
                Arguments.of(
                        "redirectUri with fragment",
                        withClient(client("a")
                                + "  redirectUris: ['https://app.example.com/cb', 'https://app.example.com/cb#x']\n"),
                        "clients[0].redirectUris[1]",
                        "must be absolute, without fragment (RFC 6749 section 3.1.2)"),
                Arguments.of(
                        "redirectUri javascript",
                        withClient(client("a") + "  redirectUris: ['javascript:alert(1)//']\n"),
                        "clients[0].redirectUris[0]",
                        REDIRECT_SCHEME),
                Arguments.of(
                        "redirectUri plain http on a network host",
                        withClient(client("a") + "  redirectUris: ['http://evil.example/cb']\n"),
                        "clients[0].redirectUris[0]",
                        REDIRECT_SCHEME),
                Arguments.of(
                        "redirectUri http on a host named like a loopback address",
                        withClient(client("a") + "  redirectUris: ['http://127.0.0.1.evil.example/cb']\n"),
                        "clients[0].redirectUris[0]",
                        REDIRECT_SCHEME),
                Arguments.of(
                        "redirectUri data",
                        withClient(client("a") + "  redirectUris: ['data:text/html,hi']\n"),
                        "clients[0].redirectUris[0]",
                        REDIRECT_SCHEME),
                Arguments.of(
                        "redirectUri not a URI",
                        withClient(client("a") + "  redirectUris: ['https://app.example.com/a b']\n"),
                        "clients[0].redirectUris[0]",
                        "is not a URI"),
                Arguments.of(
                        "relative resource",
                        withClient(client("a") + "  resources: ['https://api.example.com', /orders]\n"),
                        "clients[0].resources[1]",
                        "must be an absolute URI without fragment (RFC 8707 section 2)"),
                Arguments.of(
                        "resource with fragment",
                        withClient(client("a") + "  resources: ['https://api.example.com/#x']\n"),
                        "clients[0].resources[0]",
                        "must be an absolute URI without fragment (RFC 8707 section 2)"),
                Arguments.of(
                        "missing username",
                        withUsers("- password: " + SECRET + "\n"),
                        "users[0].username",
                        "is required"),
                Arguments.of(
                        "duplicate username",
                        withUsers("- username: alice\n  password: " + SECRET + "\n- username: alice\n  password: p\n"),
                        "users[1].username",
                        "is used by another user"),
                Arguments.of(
                        "missing password",
                        withUsers("- username: alice\n  claims: {name: Alice}\n"),
                        "users[0].password",
                        "is required"),
                Arguments.of(
                        "port wrong type",
                        "issuer: https://as.example.com\nport: 9000.5\n",
                        "port",
                        "has the wrong type: expected a number"),
                Arguments.of(
                        "port wrong type",
                        "issuer: https://as.example.com\nport: [9000]\n",
                        "port",
                        "has the wrong type: expected a number"),
                Arguments.of(
                        "tokenTtl is out of range",
                        "issuer: https://as.example.com\ntokenTtl: 99999999999999999999\n",
                        "tokenTtl",
                        "is out of range"),
                Arguments.of(
                        "metrics.enabled wrong type",
                        "issuer: https://as.example.com\nmetrics: {enabled: maybe}\n",
                        "metrics.enabled",
                        "has the wrong type: expected true or false"),
                Arguments.of(
                        "metrics.enabled wrong type",
                        "issuer: https://as.example.com\nmetrics: {enabled: 1}\n",
                        "metrics.enabled",
                        "has the wrong type: expected true or false"),
                Arguments.of(
                        "metrics wrong type",
                        "issuer: https://as.example.com\nmetrics: true\n",
                        "metrics",
                        "has the wrong type: expected a mapping"),
                Arguments.of(
                        "host wrong type",
                        "issuer: https://as.example.com\nhost: {name: a}\n",
                        "host",
                        "has the wrong type: expected a text value"),
                Arguments.of(
                        "clients wrong type",
                        "issuer: https://as.example.com\nclients: ''\n",
                        "clients",
                        "has the wrong type: expected a list"),
                Arguments.of(
                        "storage.paths unknown key",
                        "issuer: https://as.example.com\nstorage: {type: file, paths: x}\n",
                        "storage.paths",
                        "unknown key"));
    }

    /** A private_key_jwt client without keys, to which a test appends them. */
    static String keyClient(String clientId) {
        return "- clientId: " + clientId + "\n  authMethods: [private_key_jwt]\n  grantTypes: [client_credentials]\n";
    }

    /** A valid confidential client, to which a test appends the key under test. */
    static String client(String clientId) {
        return "- clientId: " + clientId + "\n  clientSecret: " + SECRET + "\n  authMethods: [client_secret_basic]\n"
                + "  grantTypes: [client_credentials]\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void invalidConfigThenErrorNamesFileKeyAndReason(String name, String yaml, String key, String reason) {
        assertThatThrownBy(() -> loader.parse("conf.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Configuration error in conf.yaml at '" + key + "': " + reason)
                .message()
                .doesNotContain(SECRET);
    }

    static Stream<Arguments> fileErrors() {
        return Stream.of(
                Arguments.of("empty", "", "the file is empty"),
                Arguments.of("only a comment", "# nothing here\n", "the file is empty"),
                Arguments.of("only a document marker", "---\n", "the file is empty"),
                Arguments.of(
                        "unclosed flow sequence", "issuer: https://as.example.com\nclients: [\n", "not valid YAML"),
                Arguments.of(
                        "bad indentation",
                        "issuer: https://as.example.com\n  port: 9000\n port: 1\n",
                        "not valid YAML"),
                Arguments.of(
                        "syntax error inside a client",
                        withClient("- clientId: a\n  scopes: [read\n  grantTypes: [x]\n"),
                        "not valid YAML (line"),
                Arguments.of("a list, not a mapping", "- issuer\n", "has the wrong type: expected a mapping"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileErrors")
    void unreadableFileThenErrorNamesFileAndReason(String name, String yaml, String reason) {
        assertThatThrownBy(() -> loader.parse("conf.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .message()
                .startsWith("Configuration error in conf.yaml: " + reason);
    }

    @Test
    void invalidYamlThenLineAndColumnButNoSecret() {
        String yaml = "issuer: https://as.example.com\nclients:\n  - clientId: a\n    clientSecret: \"" + SECRET
                + "\n    authMethods: [client_secret_basic\n";
        assertThatThrownBy(() -> loader.parse("conf.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .message()
                .matches("Configuration error in conf\\.yaml: not valid YAML \\(line \\d+, column \\d+\\)")
                .doesNotContain(SECRET);
    }

    @Test
    void secretOfTheWrongTypeThenNotEchoed() {
        String yaml = withClient("- clientId: a\n  clientSecret: {value: " + SECRET + "}\n"
                + "  authMethods: [client_secret_basic]\n  grantTypes: [client_credentials]\n");
        assertThatThrownBy(() -> loader.parse("conf.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Configuration error in conf.yaml at 'clients[0].clientSecret': "
                        + "has the wrong type: expected a text value");
    }

    @Test
    void duplicateTopLevelKeyThenErrorNamesIt() {
        String yaml = "issuer: https://as.example.com\nport: 9000\nport: 9001\n";
        assertThatThrownBy(() -> loader.parse("conf.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Configuration error in conf.yaml at 'port': is given more than once");
    }

    @Test
    void duplicateClientKeyThenErrorNamesItWithoutTheSecrets() {
        String yaml = withClient(client("a") + client("b") + "  clientSecret: other-" + SECRET + "\n");
        assertThatThrownBy(() -> loader.parse("conf.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Configuration error in conf.yaml at 'clients[1].clientSecret': is given more than once");
    }

    @Test
    void textKeyGivenAYamlNumberOrBooleanThenKeepsTheCharactersWritten() throws ConfigException {
        LoadedConfig config = loader.parse(
                "conf.yaml",
                withClient("- clientId: 0123\n  clientSecret: " + SECRET + "\n  authMethods: [client_secret_basic]\n"
                        + "  grantTypes: [client_credentials]\n  scopes: [1e3, true]\n"));
        assertThat(config.clients()).extracting(RegisteredClient::clientId).containsExactly("0123");
        assertThat(client(config, "0123").scopes()).containsExactly("1e3", "true");
    }

    @Test
    void propertyTreeThenTextScalarsAreConvertedAndEmptyTextIsAnEmptyList() throws ConfigException {
        Map<String, Object> tree = Map.of(
                "issuer",
                "https://as.example.com",
                "port",
                "9100",
                "metrics",
                Map.of("enabled", "TRUE"),
                "clients",
                List.of(Map.of(
                        "clientId",
                        "svc",
                        "clientSecret",
                        SECRET,
                        "authMethods",
                        List.of("client_secret_basic"),
                        "grantTypes",
                        List.of("client_credentials"),
                        "redirectUris",
                        "")));
        LoadedConfig config = loader.read("properties", tree, Path.of("."));
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.observability().metrics()).isTrue();
        assertThat(config.clients()).extracting(RegisteredClient::clientId).containsExactly("svc");

        assertThatThrownBy(() -> loader.read(
                        "properties", Map.of("issuer", "https://as.example.com", "port", "x"), Path.of(".")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Configuration error in properties at 'port': has the wrong type: expected a number");
    }

    @Test
    void clientSecretsAreHeldOnlyAsKeyedHashes() throws ConfigException {
        LoadedConfig config = loader.parse("conf.yaml", withClient(client("a")));
        List<ClientSecret> secrets = client(config, "a").secrets();
        assertThat(secrets).hasSize(1);
        assertThat(secrets.get(0).hash()).doesNotContain(SECRET);
        byte[] hash = Base64.getUrlDecoder().decode(secrets.get(0).hash());
        assertThat(hash).hasSize(32).isNotEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(hash, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        Instant now = Instant.now();
        assertThat(config.clientSecrets().matches(SECRET, secrets, now)).isTrue();
        assertThat(config.clientSecrets().matches(SECRET + "x", secrets, now)).isFalse();
        assertThat(config.clientSecrets().matches("", secrets, now)).isFalse();
        assertThat(config.clients().toString()).doesNotContain(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.sharedSecrets()).isEmpty();
    }
}

package io.authdesign.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.jwt.PublicKeys;
import io.authdesign.jwt.SigningAlgorithm;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.store.ClientLinks;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientSettings;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.RegisteredClient;
import io.authdesign.token.GrantType;
import io.authdesign.token.ResourceIndicators;
import io.authdesign.token.ResponseTypes;
import io.authdesign.token.Scopes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads and checks the YAML configuration file; every problem names the file, the key and the reason. */
final class ConfigLoader {

    static final int DEFAULT_PORT = 9000;
    static final long DEFAULT_TOKEN_TTL = 3600;

    static final long DEFAULT_ROTATION_INTERVAL = 86400;

    /** RS256 first, the algorithm every OpenID Provider offers; PS256 and ES256 for FAPI 2.0 clients. */
    static final List<String> DEFAULT_ID_TOKEN_ALGORITHMS = List.of("RS256", "PS256", "ES256");

    private static final Set<String> AUTH_METHODS =
            Set.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none");
    private static final Set<String> SECRET_METHODS =
            Set.of("client_secret_basic", "client_secret_post", "client_secret_jwt");
    /** The grant type of the implicit response types (OIDC Dynamic Client Registration 1.0 section 2). */
    static final String IMPLICIT_GRANT = "implicit";

    private static final Map<String, String> GRANT_TYPES = Map.of(
            "client_credentials",
            GrantType.CLIENT_CREDENTIALS.value(),
            "authorization_code",
            GrantType.AUTHORIZATION_CODE.value(),
            "refresh_token",
            GrantType.REFRESH_TOKEN.value(),
            "device_code",
            GrantType.DEVICE_CODE.value(),
            GrantType.DEVICE_CODE.value(),
            GrantType.DEVICE_CODE.value(),
            IMPLICIT_GRANT,
            IMPLICIT_GRANT);

    /** The YAML reader; it reports a key given twice in one mapping (its path comes from the reader). */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final SecureRandom random;

    ConfigLoader(SecureRandom random) {
        this.random = random;
    }

    /** Where relative paths of the configuration start: the configuration file's directory. */
    private Path baseDirectory = Path.of("");

    /** Loads a configuration file. */
    LoadedConfig load(Path file) throws ConfigException {
        baseDirectory = file.toAbsolutePath().getParent();
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, "", "the file does not exist");
        } catch (IOException e) {
            throw new ConfigException(
                    source, "", "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(source, text);
    }

    /** Parses and checks configuration text. */
    LoadedConfig parse(String source, String text) throws ConfigException {
        Object tree;
        try (JsonParser parser = YAML.createParser(text)) {
            parser.nextToken();
            tree = ConfigTree.read(parser);
        } catch (JsonProcessingException e) {
            throw readFailure(source, "", e);
        } catch (IOException e) {
            throw new ConfigException(source, "", "not valid YAML");
        }
        if (tree == null || "".equals(tree)) { // no node, or a document marker alone
            throw new ConfigException(source, "", "the file is empty");
        }
        return check(source, map(source, ConfigTree.ofDocument(), tree));
    }

    /**
     * Maps and checks a configuration tree: the maps, lists and scalars of a configuration file, with its
     * keys; scalars may be text, as property sources hold them, and an empty text stands for an empty list
     * or map, as property sources hold {@code []} and <code>{}</code>.
     */
    LoadedConfig read(String source, Map<String, ?> tree, Path baseDirectory) throws ConfigException {
        this.baseDirectory = baseDirectory.toAbsolutePath();
        if (tree == null || tree.isEmpty()) {
            throw new ConfigException(source, "", "the configuration is empty");
        }
        return check(source, map(source, ConfigTree.ofProperties(), tree));
    }

    private static ServerConfig map(String source, ConfigTree mapping, Object tree) throws ConfigException {
        try {
            return mapping.server(tree);
        } catch (ConfigTree.MappingError e) {
            throw new ConfigException(source, e.key, e.reason);
        }
    }

    /** The error for a failure of the YAML reader; its message quotes the document, so it is not used. */
    private static ConfigException readFailure(String source, String key, JsonProcessingException e) {
        if (e instanceof InputCoercionException) {
            return new ConfigException(source, key, "is out of range");
        }
        // Jackson marks a repeated key (STRICT_DUPLICATE_DETECTION) only by this message; the message
        // itself names just the key, but the reader's context gives its full path.
        if (e instanceof StreamReadException read
                && read.getProcessor() != null
                && String.valueOf(read.getOriginalMessage()).startsWith("Duplicate field")) {
            return new ConfigException(source, key(read.getProcessor().getParsingContext()), "is given more than once");
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new ConfigException(source, "", "not valid YAML" + where);
    }

    /** Checks a mapped configuration and hashes its secrets. */
    LoadedConfig check(String source, ServerConfig config) throws ConfigException {
        String issuer = checkIssuer(source, config.issuer());
        int port = config.port() == null ? DEFAULT_PORT : config.port();
        if (port < 0 || port > 65535) {
            throw new ConfigException(source, "port", "must be between 0 and 65535");
        }
        long ttl = config.tokenTtl() == null ? DEFAULT_TOKEN_TTL : config.tokenTtl();
        if (ttl <= 0) {
            throw new ConfigException(source, "tokenTtl", "must be a positive number of seconds");
        }
        String host = config.host() == null ? "127.0.0.1" : config.host();
        if (host.isBlank()) {
            throw new ConfigException(source, "host", "must not be empty");
        }
        boolean fapi2 = checkProfile(source, "profile", config.profile());
        boolean implicit = checkImplicit(source, config, fapi2);
        LoadedConfig.Signing signing = checkSigning(source, config.signing(), ttl, fapi2);
        List<String> keks = keyEncryptionKeys(source, config);
        // with a configured key-encryption key the secret hashing key is stable, so that hashed secrets
        // ("{hmac-sha256}...", the hash-secret command's output) verify; otherwise a key of this process
        ClientSecretHasher clientSecrets = keks.isEmpty()
                ? ClientSecretHasher.withRandomKey(random)
                : new ClientSecretHasher(clientSecretKey(keks.get(0)), random);
        List<RegisteredClient> clients = new ArrayList<>();
        Map<String, String> sharedSecrets = new HashMap<>();
        Set<String> introspectionClients = new HashSet<>();
        List<ServerConfig.Client> configured = config.clients() == null ? List.of() : config.clients();
        for (int i = 0; i < configured.size(); i++) {
            RegisteredClient client = checkClient(
                    source,
                    "clients[" + i + "]",
                    configured.get(i),
                    clientSecrets,
                    !keks.isEmpty(),
                    signing,
                    fapi2,
                    implicit);
            if (clients.stream().anyMatch(other -> other.clientId().equals(client.clientId()))) {
                throw new ConfigException(source, "clients[" + i + "].clientId", "is used by another client");
            }
            clients.add(client);
            if (client.authMethods().contains("client_secret_jwt")) {
                sharedSecrets.put(client.clientId(), configured.get(i).clientSecret());
            }
            if (Boolean.TRUE.equals(configured.get(i).introspection())) {
                introspectionClients.add(client.clientId());
            }
        }
        Map<String, ServerUsers.User> users = checkUsers(
                source,
                config.users(),
                clients.stream().map(RegisteredClient::clientId).collect(Collectors.toSet()));
        InMemoryClientStore clientStore = new InMemoryClientStore();
        clients.forEach(clientStore::save);
        return new LoadedConfig(
                source,
                issuer,
                host,
                port,
                ttl,
                signing,
                new LoadedConfig.Dpop(
                        config.dpop() != null
                                && Boolean.TRUE.equals(config.dpop().required()),
                        config.dpop() != null
                                && Boolean.TRUE.equals(config.dpop().nonce())),
                checkStorage(source, config),
                clients,
                clientStore,
                clientSecrets,
                sharedSecrets,
                introspectionClients,
                users,
                checkRegistration(source, config.registration()),
                fapi2,
                checkObservability(source, config),
                implicit);
    }

    /**
     * {@code implicit.enabled}: off by default (RFC 9700 section 2.1.2); never with the FAPI 2.0 profile (the
     * response type code only) nor with {@code dpop.required} (the implicit access tokens are Bearer tokens).
     */
    private static boolean checkImplicit(String source, ServerConfig config, boolean fapi2) throws ConfigException {
        boolean enabled = config.implicit() != null
                && Boolean.TRUE.equals(config.implicit().enabled());
        if (enabled && fapi2) {
            throw new ConfigException(
                    source,
                    "implicit.enabled",
                    "cannot be combined with profile fapi2 (FAPI 2.0 allows the response type code only)");
        }
        if (enabled
                && config.dpop() != null
                && Boolean.TRUE.equals(config.dpop().required())) {
            throw new ConfigException(
                    source,
                    "implicit.enabled",
                    "cannot be combined with dpop.required (the implicit flow's access tokens are Bearer tokens)");
        }
        return enabled;
    }

    /** {@code profile}: absent for none, or {@code fapi2} for the FAPI 2.0 Security Profile. */
    private static boolean checkProfile(String source, String key, String profile) throws ConfigException {
        if (profile == null) {
            return false;
        }
        if (!profile.equals("fapi2")) {
            throw new ConfigException(source, key, "must be fapi2 (the FAPI 2.0 Security Profile) or left out");
        }
        return true;
    }

    /** Metrics and audit: off unless enabled; the audit file relative to the configuration file. */
    private LoadedConfig.Observability checkObservability(String source, ServerConfig config) throws ConfigException {
        boolean metrics =
                config.metrics() != null && Boolean.TRUE.equals(config.metrics().enabled());
        ServerConfig.Audit audit = config.audit();
        boolean auditing = audit != null && Boolean.TRUE.equals(audit.enabled());
        Optional<Path> file = Optional.empty();
        if (audit != null && audit.file() != null) {
            if (audit.file().isBlank()) {
                throw new ConfigException(source, "audit.file", "must name a file, or be left out for standard output");
            }
            file = Optional.of(baseDirectory.resolve(audit.file()));
        }
        return new LoadedConfig.Observability(metrics, auditing, file);
    }

    private static LoadedConfig.Registration checkRegistration(String source, ServerConfig.Registration given)
            throws ConfigException {
        if (given == null || given.policy() == null) {
            return new LoadedConfig.Registration(LoadedConfig.RegistrationPolicy.OFF);
        }
        LoadedConfig.RegistrationPolicy policy = switch (given.policy()) {
            // "false": YAML 1.1 readers (SnakeYAML, as Spring Boot uses it) read an unquoted off as false
            case "off", "false" -> LoadedConfig.RegistrationPolicy.OFF;
            case "open" -> LoadedConfig.RegistrationPolicy.OPEN;
            case "token" -> LoadedConfig.RegistrationPolicy.TOKEN;
            default -> throw new ConfigException(source, "registration.policy", "must be off, open or token");
        };
        if (given.perAddress() != null && given.perAddress() < 1) {
            throw new ConfigException(source, "registration.perAddress", "must be at least 1");
        }
        return new LoadedConfig.Registration(
                policy,
                given.perAddress() != null ? given.perAddress() : LoadedConfig.Registration.DEFAULT_PER_ADDRESS);
    }

    private static LoadedConfig.Signing checkSigning(
            String source, ServerConfig.Signing signing, long ttl, boolean fapi2) throws ConfigException {
        ServerConfig.Signing given = signing == null ? new ServerConfig.Signing(null, null, null, null) : signing;
        SigningAlgorithm algorithm;
        try {
            algorithm = given.algorithm() == null ? SigningAlgorithm.ES256 : SigningAlgorithm.of(given.algorithm());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, "signing.algorithm", "must be ES256, RS256, PS256 or EdDSA");
        }
        long interval = given.rotationInterval() == null ? DEFAULT_ROTATION_INTERVAL : given.rotationInterval();
        if (interval <= 0) {
            throw new ConfigException(source, "signing.rotationInterval", "must be a positive number of seconds");
        }
        long jwksMaxAge = Math.min(KeyLifecycle.DEFAULT_ACTIVATION_DELAY.toSeconds(), interval / 4);
        long needed = interval + jwksMaxAge + ttl + 60;
        long expiry = given.publicKeyExpiry() == null ? needed + interval : given.publicKeyExpiry();
        if (expiry <= needed) {
            throw new ConfigException(
                    source,
                    "signing.publicKeyExpiry",
                    "must exceed rotationInterval + JWKS max-age + tokenTtl + 60 s clock skew (" + needed
                            + " s), or tokens would" + " outlive the key that verifies them");
        }
        List<SigningAlgorithm> idTokenAlgorithms = new ArrayList<>();
        List<String> names = given.idTokenAlgorithms() != null
                ? given.idTokenAlgorithms()
                : fapi2 ? ClientSettings.FAPI2_ALGORITHMS : DEFAULT_ID_TOKEN_ALGORITHMS;
        for (int i = 0; i < names.size(); i++) {
            if (fapi2 && !ClientSettings.FAPI2_ALGORITHMS.contains(names.get(i))) {
                throw new ConfigException(
                        source,
                        "signing.idTokenAlgorithms[" + i + "]",
                        "must be PS256 or ES256 under profile fapi2 (FAPI 2.0 Security Profile section 5.4.1)");
            }
            try {
                SigningAlgorithm idTokenAlgorithm = SigningAlgorithm.of(names.get(i));
                if (!idTokenAlgorithms.contains(idTokenAlgorithm)) {
                    idTokenAlgorithms.add(idTokenAlgorithm);
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        source, "signing.idTokenAlgorithms[" + i + "]", "must be ES256, RS256, PS256 or EdDSA");
            }
        }
        if (idTokenAlgorithms.isEmpty()) {
            throw new ConfigException(source, "signing.idTokenAlgorithms", "must name at least one algorithm");
        }
        return new LoadedConfig.Signing(
                algorithm, Duration.ofSeconds(interval), Duration.ofSeconds(expiry), List.copyOf(idTokenAlgorithms));
    }

    private LoadedConfig.Storage checkStorage(String source, ServerConfig config) throws ConfigException {
        ServerConfig.Storage storage = config.storage() == null
                ? new ServerConfig.Storage(null, null, null, null, null, null)
                : config.storage();
        String type = storage.type() == null ? "file" : storage.type();
        if (!List.of("memory", "file", "postgresql").contains(type)) {
            throw new ConfigException(source, "storage.type", "must be memory, file or postgresql");
        }
        int poolSize = storage.poolSize() == null ? 16 : storage.poolSize();
        if (poolSize < 1 || poolSize > 1000) {
            throw new ConfigException(source, "storage.poolSize", "must be between 1 and 1000");
        }
        if (type.equals("postgresql")
                && (storage.url() == null || !storage.url().startsWith("jdbc:postgresql:"))) {
            throw new ConfigException(source, "storage.url", "is required for postgresql (jdbc:postgresql://...)");
        }
        List<String> keyEncryptionKeys = keyEncryptionKeys(source, config);
        if (type.equals("postgresql") && keyEncryptionKeys.isEmpty()) {
            throw new ConfigException(
                    source, "keyEncryptionKey", "is required with postgresql: every node must share it");
        }
        if (config.redis() != null
                && !(config.redis().startsWith("redis://")
                        || config.redis().startsWith("rediss://")
                        || config.redis().startsWith(ServerStores.CLUSTER_SCHEME)
                        || config.redis().startsWith(ServerStores.TLS_CLUSTER_SCHEME))) {
            throw new ConfigException(
                    source,
                    "redis",
                    "must be a redis:// or rediss:// URI, or redis-cluster:// or rediss-cluster:// for a node of a"
                            + " Redis Cluster");
        }
        Path path = baseDirectory.resolve(storage.path() == null ? "authdesign-data" : storage.path());
        return new LoadedConfig.Storage(
                type,
                path,
                storage.url(),
                storage.username(),
                storage.password() == null ? "" : storage.password(),
                poolSize,
                config.redis(),
                keyEncryptionKeys);
    }

    /**
     * {@code keyEncryptionKey} (one key) or {@code keyEncryptionKeys} (several, the sealing one first, to
     * rotate it), each 32 bytes in base64; not both.
     */
    private static List<String> keyEncryptionKeys(String source, ServerConfig config) throws ConfigException {
        if (config.keyEncryptionKey() != null && config.keyEncryptionKeys() != null) {
            throw new ConfigException(
                    source, "keyEncryptionKeys", "cannot be set beside keyEncryptionKey: list every key here");
        }
        if (config.keyEncryptionKeys() != null && config.keyEncryptionKeys().isEmpty()) {
            throw new ConfigException(source, "keyEncryptionKeys", "must list at least one key");
        }
        List<String> keys = config.keyEncryptionKeys() != null
                ? config.keyEncryptionKeys()
                : config.keyEncryptionKey() == null ? List.of() : List.of(config.keyEncryptionKey());
        String key = config.keyEncryptionKeys() != null ? "keyEncryptionKeys" : "keyEncryptionKey";
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String at = config.keyEncryptionKeys() != null ? key + "[" + i + "]" : key;
            try {
                String value = Objects.requireNonNull(keys.get(i), "key");
                io.authdesign.jdbc.KeyEncryptionKey parsed = io.authdesign.jdbc.KeyEncryptionKey.parse(value);
                if (!distinct.add(parsed.toBase64())) {
                    throw new ConfigException(source, at, "repeats another key-encryption key");
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ConfigException(source, at, "must be 32 bytes in base64");
            }
        }
        return keys;
    }

    private static String checkIssuer(String source, String issuer) throws ConfigException {
        if (issuer == null || issuer.isBlank()) {
            throw new ConfigException(source, "issuer", "is required (the server's public base URL)");
        }
        try {
            MultipleFlowsBuilder.create().setIssuer(issuer);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, "issuer", e.getMessage());
        }
        return issuer;
    }

    /**
     * The prefix of a client secret given as its keyed hash (the {@code hash-secret} command's output)
     * rather than in plain text.
     */
    static final String HASHED_SECRET_PREFIX = "{hmac-sha256}";

    /** The client secret hashing key, derived from the sealing key-encryption key. */
    static byte[] clientSecretKey(String keyEncryptionKey) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    java.util.Base64.getDecoder().decode(keyEncryptionKey), "HmacSHA256"));
            return mac.doFinal("authdesign client secrets".getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /**
     * A hashed secret needs the stable key of a configured key-encryption key, cannot be the HMAC key of
     * {@code client_secret_jwt}, and is 32 bytes in base64url.
     */
    private static void checkHashedSecret(
            String source, String key, String secret, Set<String> methods, boolean stableHashKey)
            throws ConfigException {
        if (!stableHashKey) {
            throw new ConfigException(
                    source,
                    key + ".clientSecret",
                    "a hashed secret needs keyEncryptionKey (the hashing key is derived from it)");
        }
        if (methods.contains("client_secret_jwt")) {
            throw new ConfigException(
                    source,
                    key + ".clientSecret",
                    "client_secret_jwt needs the secret itself (an HMAC key), not a hash");
        }
        String hash = secret.substring(HASHED_SECRET_PREFIX.length());
        if (!hash.matches("[A-Za-z0-9_-]{43}")) {
            throw new ConfigException(
                    source,
                    key + ".clientSecret",
                    "is not a hash-secret output ({hmac-sha256} and 43 base64url characters)");
        }
    }

    /**
     * Checks a configured client and maps it onto the library's {@link RegisteredClient}: its secret as a
     * keyed hash for {@code client_secret_basic} and {@code client_secret_post}; the HMAC key of
     * {@code client_secret_jwt} is not part of the registration (the caller keeps it).
     */
    private static RegisteredClient checkClient(
            String source,
            String key,
            ServerConfig.Client client,
            ClientSecretHasher hasher,
            boolean stableHashKey,
            LoadedConfig.Signing signing,
            boolean serverFapi2,
            boolean implicit)
            throws ConfigException {
        if (client == null) {
            throw new ConfigException(source, key, "must be a client mapping");
        }
        if (client.clientId() == null || client.clientId().isBlank()) {
            throw new ConfigException(source, key + ".clientId", "is required");
        }
        Set<String> methods = checkAuthMethods(source, key, client.authMethods());
        boolean confidential = !methods.equals(Set.of("none"));
        if (methods.contains("none") && confidential) {
            throw new ConfigException(
                    source, key + ".authMethods", "'none' (a public client) cannot be combined with secret methods");
        }
        String secret = client.clientSecret();
        boolean needsSecret = methods.stream().anyMatch(SECRET_METHODS::contains);
        if (needsSecret && (secret == null || secret.isEmpty())) {
            throw new ConfigException(source, key + ".clientSecret", "is required for " + String.join(", ", methods));
        }
        if (!needsSecret && secret != null) {
            throw new ConfigException(
                    source, key + ".clientSecret", "is not used by " + String.join(", ", methods) + ": remove it");
        }
        boolean hashed = secret != null && secret.startsWith(HASHED_SECRET_PREFIX);
        if (hashed) {
            checkHashedSecret(source, key, secret, methods, stableHashKey);
        }
        if (methods.contains("client_secret_jwt") && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(
                    source, key + ".clientSecret", "must be at least 32 bytes for client_secret_jwt (HS256)");
        }
        PublicKeys jwks = checkJwks(source, key, client.jwks());
        URI jwksUri = checkJwksUri(source, key, client.jwksUri());
        if (methods.contains("private_key_jwt") == (jwks == null && jwksUri == null)) {
            throw new ConfigException(
                    source,
                    key + (methods.contains("private_key_jwt") ? ".authMethods" : jwks != null ? ".jwks" : ".jwksUri"),
                    "private_key_jwt needs the client's jwks or jwksUri, and only private_key_jwt uses them");
        }
        if (jwks != null && jwksUri != null) {
            throw new ConfigException(source, key + ".jwksUri", "give either jwks or jwksUri, not both");
        }
        Set<String> grants = checkGrantTypes(source, key, client.grantTypes());
        if (!confidential && grants.contains(GrantType.CLIENT_CREDENTIALS.value())) {
            throw new ConfigException(
                    source, key + ".grantTypes", "client_credentials needs a confidential client (RFC 6749 4.4)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        List<String> configuredScopes = client.scopes() == null ? List.of() : client.scopes();
        for (int i = 0; i < configuredScopes.size(); i++) {
            String scope = configuredScopes.get(i);
            if (scope == null || scope.contains(" ") || !Scopes.isWellFormed(scope)) {
                throw new ConfigException(source, key + ".scopes[" + i + "]", "is not a valid scope token");
            }
            scopes.add(scope);
        }
        List<String> redirectUris = checkRedirectUris(source, key, client.redirectUris());
        List<String> resources = checkResources(source, key, client.resources());
        RegisteredClient.Builder registered = RegisteredClient.builder(client.clientId())
                .authMethods(methods.toArray(String[]::new))
                .grantTypes(grants.toArray(String[]::new))
                .redirectUris(redirectUris.toArray(String[]::new))
                .scopes(scopes.toArray(String[]::new))
                .clientName(client.clientName() != null ? client.clientName() : client.clientId())
                .dpopBoundAccessTokens(Boolean.TRUE.equals(client.dpopBoundAccessTokens()))
                .resources(resources.toArray(String[]::new));
        if (methods.contains("client_secret_basic") || methods.contains("client_secret_post")) {
            registered.secret(
                    ClientSecret.of(hashed ? secret.substring(HASHED_SECRET_PREFIX.length()) : hasher.hash(secret)));
        }
        if (jwks != null) {
            registered.jwks(jwks.jwkSet().toString());
        }
        if (jwksUri != null) {
            registered.jwksUri(client.jwksUri());
        }
        if (Boolean.FALSE.equals(client.requirePkce())) {
            if (!confidential) {
                throw new ConfigException(
                        source, key + ".requirePkce", "a public client always uses PKCE (RFC 9700 2.1.1): remove it");
            }
            // RFC 9700 section 2.1.1: PKCE for every client unless this one is explicitly exempted
            registered.withoutPkceRequirement();
        }
        List<String> responseTypes = checkResponseTypes(source, key, client.responseTypes(), grants, implicit);
        ClientLinks links = checkLinks(source, key, client);
        try {
            registered.settings(checkSettings(source, key, client, signing, serverFapi2).toBuilder()
                    .responseTypes(responseTypes.toArray(String[]::new))
                    .links(links)
                    .build());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, key + ".responseTypes", e.getMessage());
        }
        try {
            return registered.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, key, e.getMessage());
        }
    }

    /** The links shown on the sign-in and consent pages: absolute https URLs (RFC 7591 section 2). */
    private static ClientLinks checkLinks(String source, String key, ServerConfig.Client client)
            throws ConfigException {
        String[][] links = {
            {"clientUri", client.clientUri()},
            {"logoUri", client.logoUri()},
            {"policyUri", client.policyUri()},
            {"tosUri", client.tosUri()}
        };
        for (String[] link : links) {
            try {
                new ClientLinks(link[1], null, null, null);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        source,
                        key + "." + link[0],
                        "must be an absolute https URL without user information (http only on a loopback host)");
            }
        }
        return new ClientLinks(client.clientUri(), client.logoUri(), client.policyUri(), client.tosUri());
    }

    /** The client's OpenID Connect and hardening settings. */
    private static ClientSettings checkSettings(
            String source, String key, ServerConfig.Client client, LoadedConfig.Signing signing, boolean serverFapi2)
            throws ConfigException {
        ClientSettings.Builder settings = ClientSettings.builder()
                .requirePushedAuthorizationRequests(Boolean.TRUE.equals(client.requirePushedAuthorizationRequests()));
        String alg =
                offeredAlgorithm(source, key + ".idTokenSignedResponseAlg", client.idTokenSignedResponseAlg(), signing);
        settings.idTokenSignedResponseAlg(alg);
        // OIDC Core 1.0 section 5.3.2: UserInfo responses are signed with the keys of the ID tokens
        settings.userinfoSignedResponseAlg(offeredAlgorithm(
                source, key + ".userinfoSignedResponseAlg", client.userinfoSignedResponseAlg(), signing));
        List<String> logoutUris = client.postLogoutRedirectUris() == null ? List.of() : client.postLogoutRedirectUris();
        for (int i = 0; i < logoutUris.size(); i++) {
            try {
                settings.postLogoutRedirectUris(logoutUris.get(i));
                settings.build();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ConfigException(
                        source, key + ".postLogoutRedirectUris[" + i + "]", "must be an absolute URI without fragment");
            }
        }
        if (client.backchannelLogoutUri() != null) {
            try {
                settings.backchannelLogoutUri(client.backchannelLogoutUri()).build();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        source,
                        key + ".backchannelLogoutUri",
                        "must be an absolute https URI without fragment (http only on a loopback host)");
            }
        }
        settings.backchannelLogoutSessionRequired(Boolean.TRUE.equals(client.backchannelLogoutSessionRequired()));
        if (checkProfile(source, key + ".profile", client.profile()) || serverFapi2) {
            // FAPI 2.0 Security Profile section 5.4.1: PS256 or ES256 ID tokens
            String fapiAlg = alg != null
                    ? alg
                    : signing.idTokenAlgorithms().stream()
                            .map(a -> a.jws().getName())
                            .filter(ClientSettings.FAPI2_ALGORITHMS::contains)
                            .findFirst()
                            .orElse(null);
            if (!ClientSettings.FAPI2_ALGORITHMS.contains(fapiAlg)) {
                throw new ConfigException(
                        source,
                        key + ".idTokenSignedResponseAlg",
                        "must be PS256 or ES256 for a FAPI 2.0 client (FAPI 2.0 Security Profile section 5.4.1)");
            }
            settings.idTokenSignedResponseAlg(fapiAlg).fapi2(true);
        }
        return settings.build();
    }

    /** A client's signing algorithm: absent, or one of {@code signing.idTokenAlgorithms}. */
    private static String offeredAlgorithm(String source, String key, String alg, LoadedConfig.Signing signing)
            throws ConfigException {
        if (alg != null
                && signing.idTokenAlgorithms().stream()
                        .noneMatch(a -> a.jws().getName().equals(alg))) {
            throw new ConfigException(
                    source, key, "must be one of signing.idTokenAlgorithms " + signing.idTokenAlgorithms());
        }
        return alg;
    }

    private static PublicKeys checkJwks(String source, String key, Map<String, Object> jwks) throws ConfigException {
        if (jwks == null) {
            return null;
        }
        try {
            PublicKeys keys = PublicKeys.parse(Json.MAPPER.writeValueAsString(jwks));
            if (keys.jwkSet().getKeys().isEmpty()) {
                throw new IllegalArgumentException("no keys");
            }
            return keys;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException(source, key + ".jwks", "is not a JWK Set with public keys (RFC 7517 section 5)");
        }
    }

    private static URI checkJwksUri(String source, String key, String jwksUri) throws ConfigException {
        if (jwksUri == null) {
            return null;
        }
        try {
            URI uri = new URI(jwksUri);
            String scheme = String.valueOf(uri.getScheme());
            String host = String.valueOf(uri.getHost());
            boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
            if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
                throw new URISyntaxException(jwksUri, "not an https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    source, key + ".jwksUri", "must be an absolute https URL (http only on a loopback host)");
        }
    }

    private static Set<String> checkAuthMethods(String source, String key, List<String> methods)
            throws ConfigException {
        if (methods == null || methods.isEmpty()) {
            throw new ConfigException(source, key + ".authMethods", "is required (for example [client_secret_basic])");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            if (!AUTH_METHODS.contains(method)) {
                throw new ConfigException(
                        source,
                        key + ".authMethods[" + i + "]",
                        "unknown method '" + method + "' (client_secret_basic, client_secret_post,"
                                + " client_secret_jwt, private_key_jwt or none)");
            }
            checked.add(method);
        }
        return checked;
    }

    /**
     * {@code responseTypes}: {@code code} (with the {@code authorization_code} grant) and, with {@code
     * implicit.enabled}, {@code id_token} and {@code id_token token} (with the {@code implicit} grant), in
     * canonical spelling; the response types and grant types go together (OIDC Dynamic Client Registration
     * 1.0 section 2).
     */
    private static List<String> checkResponseTypes(
            String source, String key, List<String> responseTypes, Set<String> grants, boolean implicit)
            throws ConfigException {
        List<String> checked = new ArrayList<>();
        List<String> configured = responseTypes == null ? List.of() : responseTypes;
        for (int i = 0; i < configured.size(); i++) {
            Optional<String> type = ResponseTypes.canonical(configured.get(i));
            if (type.isEmpty() || (!type.get().equals(ResponseTypes.CODE) && !implicit)) {
                throw new ConfigException(
                        source,
                        key + ".responseTypes[" + i + "]",
                        implicit
                                ? "must be code, id_token or id_token token"
                                : "must be code (id_token and id_token token need implicit.enabled, RFC 9700"
                                        + " section 2.1.2)");
            }
            if (type.get().equals(ResponseTypes.CODE) && !grants.contains(GrantType.AUTHORIZATION_CODE.value())) {
                throw new ConfigException(
                        source, key + ".responseTypes[" + i + "]", "code needs the authorization_code grant type");
            }
            if (!checked.contains(type.get())) {
                checked.add(type.get());
            }
        }
        boolean implicitTypes = checked.stream().anyMatch(type -> !type.equals(ResponseTypes.CODE));
        if (implicitTypes != grants.contains(IMPLICIT_GRANT)) {
            throw new ConfigException(
                    source,
                    key + (implicitTypes ? ".grantTypes" : ".responseTypes"),
                    "the implicit grant type and the response types id_token or id_token token go together");
        }
        if (implicitTypes
                && grants.contains(GrantType.AUTHORIZATION_CODE.value())
                && !checked.contains(ResponseTypes.CODE)) {
            checked.add(0, ResponseTypes.CODE); // the authorization_code grant keeps its response type
        }
        return checked;
    }

    private static Set<String> checkGrantTypes(String source, String key, List<String> grantTypes)
            throws ConfigException {
        if (grantTypes == null || grantTypes.isEmpty()) {
            throw new ConfigException(source, key + ".grantTypes", "is required (for example [client_credentials])");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (int i = 0; i < grantTypes.size(); i++) {
            String grant = GRANT_TYPES.get(grantTypes.get(i));
            if (grant == null) {
                throw new ConfigException(
                        source,
                        key + ".grantTypes[" + i + "]",
                        "unknown grant type '" + grantTypes.get(i)
                                + "' (client_credentials, authorization_code, refresh_token, device_code or"
                                + " implicit)");
            }
            checked.add(grant);
        }
        return checked;
    }

    private static List<String> checkRedirectUris(String source, String key, List<String> uris) throws ConfigException {
        List<String> checked = uris == null ? List.of() : uris;
        for (int i = 0; i < checked.size(); i++) {
            try {
                RegisteredClient.checkRedirectUri(String.valueOf(checked.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, key + ".redirectUris[" + i + "]", e.getMessage());
            }
        }
        return List.copyOf(checked);
    }

    private static List<String> checkResources(String source, String key, List<String> resources)
            throws ConfigException {
        List<String> checked = resources == null ? List.of() : resources;
        for (int i = 0; i < checked.size(); i++) {
            String resource = checked.get(i);
            if (resource == null || !ResourceIndicators.isWellFormed(resource)) {
                throw new ConfigException(
                        source,
                        key + ".resources[" + i + "]",
                        "must be an absolute URI without fragment (RFC 8707 section 2)");
            }
        }
        return List.copyOf(checked);
    }

    private Map<String, ServerUsers.User> checkUsers(
            String source, List<ServerConfig.User> users, Set<String> clientIds) throws ConfigException {
        Map<String, ServerUsers.User> checked = new LinkedHashMap<>();
        PasswordHasher passwords = new PasswordHasher(random);
        List<ServerConfig.User> configured = users == null ? List.of() : users;
        for (int i = 0; i < configured.size(); i++) {
            ServerConfig.User user = configured.get(i);
            String key = "users[" + i + "]";
            if (user == null || user.username() == null || user.username().isBlank()) {
                throw new ConfigException(source, key + ".username", "is required");
            }
            if (checked.containsKey(user.username())) {
                throw new ConfigException(source, key + ".username", "is used by another user");
            }
            if (clientIds.contains(user.username())) {
                // the username is the subject: a client_credentials token (sub = client id) would name the user
                throw new ConfigException(
                        source,
                        key + ".username",
                        "is also a client id: a user and a client must not share a name (RFC 9700 4.15)");
            }
            if (user.password() == null || user.password().isEmpty()) {
                throw new ConfigException(source, key + ".password", "is required");
            }
            Map<String, Object> claims = user.claims() == null ? Map.of() : Map.copyOf(user.claims());
            checked.put(
                    user.username(),
                    new ServerUsers.User(user.username(), passwords.hashLater(user.password()), claims));
        }
        return checked;
    }

    /** The key a reader context is at, such as {@code clients[0].clientId}. */
    private static String key(JsonStreamContext context) {
        StringBuilder key = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            key.insert(0, at.inArray() ? "[" + at.getCurrentIndex() + "]" : "." + at.getCurrentName());
        }
        return key.isEmpty() || key.charAt(0) != '.' ? key.toString() : key.substring(1);
    }

    /** The JSON writer of configured JWK Sets, made only when a client has one. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
